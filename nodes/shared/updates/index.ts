// The entry point: one engine per account per process, on the pooled client, shared by every
// subscriber (several workflows on one account share one TCP connection and one engine; each
// keeps its own position and catch-up).
import { clientGaveUp, updateFeedOf } from '../transport/client';
import { credentialKey, credentialSecrets, type TelegramCredential } from '../transport/credential';
import { isDeadSessionError, TransportError } from '../transport/errors';
import { n8nLogSink, redactingSink, type LogSink } from '../transport/logger';
import { acquireClient, evictClient, noteFailure, type ClientLease } from '../transport/pool';
import { UpdateEngine } from './engine';
import { copyState, Subscriber } from './subscriber';
import { Timers } from './timers';
import type { SubscribeOptions, UpdateListener, UpdateState, UpdateSubscription } from './types';

export type { UpdateEvent, UpdateListener, UpdateState, UpdateSubscription } from './types';
export { configureUpdates } from './timers';

/** Longest wait between two reconnect attempts after the connection was lost. */
const MAX_BACKOFF_MS = 60_000;

interface Account {
	key: string;
	engine: UpdateEngine;
	lease?: ClientLease;
	ready: Promise<void>;
	refs: number;
	closed: boolean;
	reconnecting?: boolean;
	timers: Timers;
}

const accounts = new Map<string, Account>();
/** Dead sessions by credential key: n8n's activation retries fail at once (no login storm). */

const EMPTY: UpdateState = { pts: 0, qts: 0, seq: 0, date: 0, channels: {} };

async function attach(account: Account, credential: TelegramCredential, log: LogSink) {
	const lease = await acquireClient(credential, { receiveUpdates: true, logger: log });
	if (account.closed) return lease.release();
	account.lease = lease;
	lease.onEvicted((reason) => {
		if (account.closed || account.lease !== lease) return;
		if (isDeadSessionError(reason)) return fatal(account, reason);
		account.engine.detach();
		void reconnect(account, credential, log);
	});
	try {
		await account.engine.attach(updateFeedOf(lease.client));
	} catch (error) {
		if (isDeadSessionError(error)) await noteFailure(lease.client, error);
		return await Promise.reject(error);
	}
}

/** The connection is gone for good: a new lease (the pool reconnects), then catch up. */
function dropLease(account: Account): void {
	account.lease?.release();
	account.lease = undefined;
}

async function reconnect(account: Account, credential: TelegramCredential, log: LogSink) {
	if (account.reconnecting || account.closed) return;
	account.reconnecting = true;
	try {
		await replaceConnection(account, credential, log);
	} finally {
		account.reconnecting = false;
	}
}

async function replaceConnection(account: Account, credential: TelegramCredential, log: LogSink) {
	account.engine.detach();
	const client = account.lease?.client;
	if (client && clientGaveUp(client)) {
		// Evidence enough: GramJS stopped reconnecting; every holder gets a new client next time.
		await evictClient(client, new TransportError('closed', 'the library stopped reconnecting'));
	}
	dropLease(account);
	for (let attempt = 0; !account.closed; attempt++) {
		const wait = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
		try {
			await attach(account, credential, log);
			return;
		} catch (error) {
			if (account.closed) return;
			if (isDeadSessionError(error)) return fatal(account, error as Error);
			dropLease(account);
			log.warn(`Telegram updates: reconnect failed, next try in ${wait / 1000}s`);
			await account.timers.sleep('backoff', wait);
		}
	}
}

function end(account: Account): void {
	account.closed = true;
	account.engine.close();
	account.timers.clearAll();
	dropLease(account);
	if (accounts.get(account.key) === account) accounts.delete(account.key);
}

function fatal(account: Account, error: unknown): void {
	if (account.closed) return;
	const reason = error instanceof Error ? error : new Error(String(error));
	const subscribers = [...account.engine.subscribers];
	const client = account.lease?.client;
	end(account);
	// Real evidence that the session is dead: the pool drops the client and remembers the session
	// (later activations fail at once, without a connection).
	if (client && isDeadSessionError(reason)) void noteFailure(client, reason);
	for (const sub of subscribers) {
		sub.closed = true;
		sub.listener.onFatal(reason);
	}
}

function openAccount(key: string, credential: TelegramCredential, log: LogSink): Account {
	const account: Account = {
		key,
		refs: 0,
		closed: false,
		timers: new Timers(),
		ready: Promise.resolve(),
		engine: new UpdateEngine(
			{
				fatal: (error) => fatal(account, error),
				lost: () => void reconnect(account, credential, log),
			},
			log,
		),
	};
	account.ready = attach(account, credential, log);
	accounts.set(key, account);
	return account;
}

function leave(account: Account, sub: Subscriber): void {
	if (sub.closed) return;
	sub.closed = true;
	account.engine.subscribers.delete(sub);
	account.refs--;
	if (account.refs === 0) end(account);
}

/**
 * Subscribes to an account's new, edited and deleted messages. Rejects fast when the credential
 * is bad or the server unreachable; after a fatal error the listener's onFatal is called once.
 */
export async function subscribeUpdates(
	credential: TelegramCredential,
	listener: UpdateListener,
	options: SubscribeOptions & { logger?: LogSink } = {},
): Promise<UpdateSubscription> {
	const key = credentialKey(credential);
	// Engine lines carry Telegram's and the transport's error texts: redact them like GramJS's.
	const log = redactingSink(options.logger ?? n8nLogSink, credentialSecrets(credential));
	let account = accounts.get(key);
	if (!account || account.closed) account = openAccount(key, credential, log);
	const held = account;
	held.refs++;
	const sub = new Subscriber(listener, copyState(EMPTY));
	try {
		await held.ready;
		if (held.closed) throw new TransportError('closed', 'the update stream ended while starting');
	} catch (error) {
		leave(held, sub);
		return await Promise.reject(error);
	}
	held.engine.add(sub, options.from, options.notBefore, options.signal);
	return {
		state: () => copyState(sub.position),
		async close() {
			leave(held, sub);
		},
	};
}

/** Accounts with a running engine (tests and diagnostics). */
export function updateEngineStats(): { accounts: number; subscribers: number } {
	let subscribers = 0;
	for (const account of accounts.values()) subscribers += account.engine.subscribers.size;
	return { accounts: accounts.size, subscribers };
}

/** Dead sessions are remembered by the pool, the one place that knows a session is dead. */
export { forgetDeadSessions } from '../transport/pool';
