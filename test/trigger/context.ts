// A fake ITriggerFunctions that behaves like n8n 2.41 where the trigger can tell: emit() with a
// donePromise and a deduplication key (a second execution with the same key is refused), static
// data written at each emit (a snapshot here, like the database row), emitError recorded.
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';

import { TelegramAccountTrigger } from '../../nodes/TelegramAccountTrigger/TelegramAccountTrigger.node';
import { withDeadline, waitFor } from '../helpers/deadline';
import { testNode } from '../helpers/executeContext';

interface IDeferredPromise<T> {
	promise: Promise<T>;
	resolve: (value: T) => void;
	reject: (error: Error) => void;
}

export interface Execution {
	json: IDataObject;
	binary?: Record<string, IBinaryData>;
	key?: string;
}

export interface TriggerRun {
	fn: ITriggerFunctions;
	executions: Execution[];
	/** Emits n8n refused because an execution with the same key exists. */
	refused: string[];
	errors: Error[];
	/** The static data as n8n last wrote it (at an emit or at the end of activation). */
	disk(): IDataObject;
	/** Every write of the static data, oldest first (a crash keeps only a prefix of them). */
	writes: IDataObject[];
	/** n8n's static-data write (done at each emit and at the end of activation). */
	persist(): void;
	waitExecutions(n: number, ms?: number): Promise<void>;
}

export interface TriggerOptions {
	params?: IDataObject;
	credential: ICredentialDataDecryptedObject;
	mode?: 'trigger' | 'manual';
	/** Static data of the node as stored (default: empty). */
	staticData?: IDataObject;
	/** n8n 2.41+ (emit takes a deduplication key). Default true. */
	keyed?: boolean;
	/** Keys of executions that exist in the "database" (shared between runs of one workflow). */
	executedKeys?: Set<string>;
	workflowId?: string;
}

function deferred<T>(): IDeferredPromise<T> {
	let resolve!: (v: T) => void;
	let reject!: (e: Error) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

export function triggerContext(o: TriggerOptions): TriggerRun {
	const node = testNode('trigger-node-1', 'Telegram Account Trigger', 'telegramAccountTrigger');
	const staticData = o.staticData ?? {};
	let disk: IDataObject = JSON.parse(JSON.stringify(staticData));
	const executions: Execution[] = [];
	const refused: string[] = [];
	const errors: Error[] = [];
	const executed = o.executedKeys ?? new Set<string>();
	const record = (data: INodeExecutionData[][], done?: IDeferredPromise<unknown>, key?: string) => {
		run.persist();
		if (key && executed.has(key)) {
			refused.push(key);
			done?.resolve(undefined);
			return;
		}
		if (key) executed.add(key);
		for (const item of data[0]) executions.push({ json: item.json, binary: item.binary, key });
		void Promise.resolve().then(() => done?.resolve({}));
	};
	const emit =
		o.keyed === false
			? function (data: INodeExecutionData[][], _r?: unknown, done?: IDeferredPromise<unknown>) {
					record(data, done);
				}
			: function (
					data: INodeExecutionData[][],
					_r?: unknown,
					done?: IDeferredPromise<unknown>,
					key?: string,
				) {
					record(data, done, key);
				};
	const params = o.params ?? {};
	const fake = {
		getNode: () => node,
		getWorkflow: () => ({ id: o.workflowId ?? 'wf-1', name: 'Trigger test', active: true }),
		getMode: () => o.mode ?? 'trigger',
		getActivationMode: () => 'activate',
		getCredentials: async () => o.credential,
		getNodeParameter: (name: string, fallback?: unknown) =>
			params[name] === undefined ? fallback : params[name],
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`unexpected static data type ${type}`);
			return staticData;
		},
		emit,
		emitError: (error: Error) => errors.push(error),
		saveFailedExecution: () => undefined,
		logger: { debug() {}, info() {}, warn() {}, error() {} },
		helpers: {
			createDeferredPromise: deferred,
			prepareBinaryData: async (bytes: Buffer, fileName?: string, mimeType?: string) => ({
				data: bytes.toString('base64'),
				fileName,
				mimeType: mimeType ?? 'application/octet-stream',
				fileSize: String(bytes.length),
			}),
		},
	};
	const run: TriggerRun = {
		fn: fake as unknown as ITriggerFunctions,
		executions,
		refused,
		errors,
		disk: () => disk,
		writes: [],
		persist: () => {
			disk = JSON.parse(JSON.stringify(staticData));
			run.writes.push(disk);
		},
		waitExecutions: async (n, ms = 10_000) =>
			await waitFor(() => executions.length >= n, ms, `${n} executions (got ${executions.length})`),
	};
	return run;
}

/** Activates the real node on the fake context (as n8n does), then saves static data like n8n. */
export async function activateTrigger(run: TriggerRun, ms = 20_000): Promise<ITriggerResponse> {
	const response = await withDeadline(
		new TelegramAccountTrigger().trigger.call(run.fn),
		ms,
		'trigger activation',
	);
	// n8n writes the static data once activation returned.
	run.persist();
	return response;
}
