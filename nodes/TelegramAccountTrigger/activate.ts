// Activation of the trigger: settings read once, credential and filter peers checked against
// Telegram (so a bad credential fails activation at once), then one subscription to the shared
// update engine, resumed from the saved position. Also the manual "Test step".
import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type INodeExecutionData,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { parseCredential, type TelegramCredential } from '../shared/transport/credential';
import { toNodeError } from '../shared/transport/errors';
import type { SubscribeOptions, UpdateListener, UpdateSubscription } from '../shared/updates/types';
import { prepareItem } from './media';
import { executionKey } from './output';
import { PositionStore } from './position';
import { resolvePeers } from './peers';
import { readSettings, type TriggerSettings } from './settings';
import { TriggerStream, type StreamHost } from './stream';

export type SubscribeFn = (
	credential: TelegramCredential,
	listener: UpdateListener,
	options?: SubscribeOptions,
) => Promise<UpdateSubscription>;

/** How long closing may take before it gives up waiting (n8n awaits closeFunction). */
export const CLOSE_BOUND_MS = 10_000;
/** Emitted messages kept as unconfirmed at most (an n8n that never reports done). */
const MAX_PENDING = 1000;

interface Prepared {
	settings: TriggerSettings;
	credential: TelegramCredential;
	host: Omit<StreamHost, 'store' | 'replayUnconfirmed' | 'notBefore' | 'emit' | 'onError'>;
}

async function prepare(fn: ITriggerFunctions): Promise<Prepared> {
	const node = fn.getNode();
	try {
		const settings = readSettings(fn);
		const credential = parseCredential(await fn.getCredentials('telegramAccountApi'));
		const { selfId, peers } = await resolvePeers(credential, settings);
		const download = settings.download;
		return {
			settings,
			credential,
			host: {
				settings,
				peers,
				selfId,
				prepare: async (json, d) => await prepareItem(fn, credential, download, json, d),
			},
		};
	} catch (error) {
		throw toNodeError(node, error);
	}
}

/** Closes a subscription once, within a bound, however often n8n calls closeFunction. */
function closer(parts: {
	stream?: TriggerStream;
	sub?: UpdateSubscription;
	abort: AbortController;
}) {
	let closing: Promise<void> | undefined;
	return async () => {
		closing ??= (async () => {
			parts.abort.abort();
			const bound = new AbortController();
			const work = Promise.allSettled([parts.stream?.close(), parts.sub?.close()]);
			await Promise.race([work, sleep(CLOSE_BOUND_MS, bound.signal).catch(() => undefined)]);
			bound.abort();
		})();
		await closing;
	};
}

function fatal(fn: ITriggerFunctions, error: Error): Error {
	const nodeError = toNodeError(fn.getNode(), error);
	nodeError.description ??=
		'The Telegram connection of this trigger cannot go on. Check the credential (create a new session with the Telegram Account Login node if it was revoked); n8n retries the activation by itself.';
	return nodeError;
}

export async function activate(
	fn: ITriggerFunctions,
	subscribe: SubscribeFn,
): Promise<ITriggerResponse> {
	const prepared = await prepare(fn);
	if (fn.getMode() === 'manual') return manual(fn, subscribe, prepared);
	const { settings, credential } = prepared;
	const store = new PositionStore(fn.getWorkflowStaticData('node'));
	// n8n 2.41+ passes a deduplication key to its database (its emit takes a 4th argument): a
	// replayed message whose execution exists is then refused, so replays cannot duplicate.
	const keyed = fn.emit.length >= 4;
	const from = settings.catchUp.mode === 'off' ? undefined : store.resumeFrom(keyed);
	const notBefore =
		settings.catchUp.mode === 'minutes'
			? Math.floor(Date.now() / 1000) - settings.catchUp.minutes * 60
			: 0;
	const workflowId = String(fn.getWorkflow().id ?? '');
	const nodeId = fn.getNode().id;
	const parts: { stream?: TriggerStream; sub?: UpdateSubscription; abort: AbortController } = {
		abort: new AbortController(),
	};
	const closeFunction = closer(parts);
	const stream = new TriggerStream(
		{
			...prepared.host,
			store,
			replayUnconfirmed: keyed,
			notBefore,
			emit: async (item, d) => {
				const done = fn.helpers.createDeferredPromise<unknown>();
				const key = keyed ? executionKey(workflowId, nodeId, d.keys[0]) : undefined;
				fn.emit([[item]], undefined, done as never, key);
				await done.promise;
			},
			onError: (error) => fn.emitError(fatal(fn, error)),
		},
		from,
		MAX_PENDING,
	);
	parts.stream = stream;
	const listener: UpdateListener = {
		onEvents: (events) => stream.onEvents(events, parts.sub?.state()),
		onFatal: (error) => {
			void closeFunction();
			fn.emitError(fatal(fn, error));
		},
	};
	try {
		parts.sub = await subscribe(credential, listener, {
			from,
			notBefore: notBefore || undefined,
			signal: parts.abort.signal,
		});
	} catch (error) {
		await closeFunction();
		throw toNodeError(fn.getNode(), error);
	}
	stream.started(parts.sub.state());
	// Saved now so that n8n's save at the end of activation records where this run starts.
	store.save(stream.position(), stream.pendingEntries());
	return { closeFunction };
}

function manual(
	fn: ITriggerFunctions,
	subscribe: SubscribeFn,
	prepared: Prepared,
): ITriggerResponse {
	const parts: { stream?: TriggerStream; sub?: UpdateSubscription; abort: AbortController } = {
		abort: new AbortController(),
	};
	const closeFunction = closer(parts);
	const manualTriggerFunction = async () => {
		const timeoutSec = prepared.settings.manualTimeoutSec;
		let got: (item: INodeExecutionData) => void = () => undefined;
		let failed: (error: Error) => void = () => undefined;
		const first = new Promise<INodeExecutionData>((resolve, reject) => {
			got = resolve;
			failed = reject;
		});
		const stream = new TriggerStream(
			{
				...prepared.host,
				store: new PositionStore({} as IDataObject),
				replayUnconfirmed: false,
				notBefore: 0,
				emit: async (item) => got(item),
				onError: (error) => failed(error),
			},
			undefined,
			MAX_PENDING,
		);
		parts.stream = stream;
		const listener: UpdateListener = {
			onEvents: (events) => stream.onEvents(events, parts.sub?.state()),
			onFatal: (error) => failed(error),
		};
		try {
			parts.sub = await subscribe(prepared.credential, listener, { signal: parts.abort.signal });
			stream.started(parts.sub.state());
			const timeout = sleep(timeoutSec * 1000, parts.abort.signal).then(() => {
				throw new NodeOperationError(
					fn.getNode(),
					`No matching message arrived within ${timeoutSec} s`,
					{
						description:
							'Send a message that passes the filters while the step waits, or raise Test Step Timeout in the options.',
					},
				);
			});
			const item = await Promise.race([first, timeout]);
			fn.emit([[item]]);
		} catch (error) {
			throw toNodeError(fn.getNode(), error);
		} finally {
			await closeFunction();
		}
	};
	return { closeFunction, manualTriggerFunction };
}
