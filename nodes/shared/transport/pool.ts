// One connected client per credential per process, shared by every execution, the action node and
// the trigger: Telegram treats many parallel connections of one account as suspicious, and a
// connect costs several round trips (see docs/decisions/0002-client-pool-and-deadlines.md).
import { isReconnecting, TelegramAccountClient } from './client';
import { credentialKey, type TelegramCredential } from './credential';
import { isConnectionError, isDeadSessionError, TransportError } from './errors';
import type { LogSink } from './logger';

export interface PoolSettings {
	/** How long a client nobody holds stays connected. */
	idleTimeoutMs: number;
	/** How long a session Telegram called dead fails at once, without a new connection. */
	deadSessionMs: number;
}

const settings: PoolSettings = { idleTimeoutMs: 5 * 60_000, deadSessionMs: 10 * 60_000 };

/** Changes pool settings for the whole process (tests shorten the idle timeout). */
export function configurePool(changes: Partial<PoolSettings>): void {
	Object.assign(settings, changes);
}

export type EvictionListener = (reason: Error) => void;

interface Entry {
	key: string;
	client: TelegramAccountClient;
	ready: Promise<void>;
	refs: number;
	/** Leases that consume updates (a trigger): the client is never idle while one is held. */
	updateLeases: number;
	idleTimer?: NodeJS.Timeout;
	evicted: boolean;
	listeners: Set<EvictionListener>;
}

const entries = new Map<string, Entry>();
/** Credential keys whose session is dead: items and executions fail fast instead of reconnecting. */
const deadSessions = new Map<string, { error: unknown; until: number }>();

export interface AcquireOptions {
	logger?: LogSink;
	/** Set by a trigger: it keeps the client and adds update handlers to it. */
	receiveUpdates?: boolean;
}

/** A hold on a pooled client; release() it exactly once (a second call does nothing). */
export interface ClientLease {
	readonly client: TelegramAccountClient;
	release(): void;
	/** Called if the client is dropped while held (session revoked, connection dead). */
	onEvicted(listener: EvictionListener): () => void;
}

function createEntry(key: string, credential: TelegramCredential, options: AcquireOptions): Entry {
	const client = new TelegramAccountClient(credential, { logger: options.logger });
	const entry: Entry = {
		key,
		client,
		ready: client.open(),
		refs: 0,
		updateLeases: 0,
		evicted: false,
		listeners: new Set(),
	};
	// A failed connect must not stay cached: the next acquire tries again, unless Telegram said the
	// session is dead (then acquires fail at once: no reconnect or login storm on n8n's retries).
	entry.ready.catch((error: unknown) => {
		if (entries.get(key) === entry) entries.delete(key);
		entry.evicted = true;
		if (isDeadSessionError(error)) {
			deadSessions.set(key, { error, until: Date.now() + settings.deadSessionMs });
		}
	});
	entries.set(key, entry);
	return entry;
}

/** True when GramJS gave up on the connection (it reconnects by itself while it can). */
function isDropped(client: TelegramAccountClient): boolean {
	return !client.connected && !isReconnecting(client);
}

/** Takes the shared client for this credential, connecting it once however many ask at once. */
export async function acquireClient(
	credential: TelegramCredential,
	options: AcquireOptions = {},
): Promise<ClientLease> {
	const key = credentialKey(credential);
	const dead = deadSessions.get(key);
	if (dead && dead.until > Date.now()) throw dead.error;
	if (dead) deadSessions.delete(key);
	let entry = entries.get(key);
	if (entry && !entry.evicted && (await settled(entry.ready)) && isDropped(entry.client)) {
		await evict(entry, new TransportError('closed', 'the connection was lost; reconnecting'));
		entry = undefined;
	}
	if (!entry || entry.evicted) entry = createEntry(key, credential, options);
	const held = entry;
	held.refs++;
	if (options.receiveUpdates) held.updateLeases++;
	if (held.idleTimer) clearTimeout(held.idleTimer);
	held.idleTimer = undefined;
	const lease = makeLease(held, options);
	await held.ready.catch(async (error: unknown) => {
		lease.release();
		return await Promise.reject(error);
	});
	return lease;
}

async function settled(ready: Promise<void>): Promise<boolean> {
	return await ready.then(
		() => true,
		() => false,
	);
}

function makeLease(entry: Entry, options: AcquireOptions): ClientLease {
	let released = false;
	const own = new Set<EvictionListener>();
	return {
		client: entry.client,
		release() {
			if (released) return;
			released = true;
			for (const listener of own) entry.listeners.delete(listener);
			entry.refs--;
			if (options.receiveUpdates) entry.updateLeases--;
			if (entry.refs > 0 || entry.evicted) return;
			entry.idleTimer = setTimeout(() => {
				void evict(entry, new TransportError('closed', 'idle client closed'));
			}, settings.idleTimeoutMs);
			// An idle client must never keep the n8n process (or a CLI run) alive.
			entry.idleTimer.unref();
		},
		onEvicted(listener) {
			own.add(listener);
			entry.listeners.add(listener);
			return () => {
				own.delete(listener);
				entry.listeners.delete(listener);
			};
		},
	};
}

async function evict(entry: Entry, reason: Error): Promise<void> {
	if (entry.evicted) return;
	entry.evicted = true;
	if (entries.get(entry.key) === entry) entries.delete(entry.key);
	if (entry.idleTimer) clearTimeout(entry.idleTimer);
	for (const listener of entry.listeners) listener(reason);
	entry.listeners.clear();
	// destroy(), not disconnect(): disconnect leaves GramJS's update loop running (gramjs#615).
	// A failing destroy is only logged: evict() also runs from the idle timer, where a rejection
	// would be unhandled.
	await entry.client.destroy().catch((error: unknown) => {
		entry.client.logSink.debug(`Telegram client: closing failed (${String(error)})`);
	});
}

/** Drops a client at once, e.g. after Telegram said its session is dead. */
export async function evictClient(client: TelegramAccountClient, reason: Error): Promise<void> {
	const entry = [...entries.values()].find((e) => e.client === client);
	if (entry) await evict(entry, reason);
}

/**
 * Evidence that the connection itself is gone: a drop GramJS gave up on, or a server that forgot
 * the key (GramJS then hangs). One slow answer is no evidence: the client serves other executions.
 */
function connectionIsDead(client: TelegramAccountClient, error: unknown): boolean {
	if (!isConnectionError(error)) return false;
	if ((error as TransportError).kind !== 'timeout') return true;
	return isDropped(client) || client.keyForgotten;
}

/**
 * Tells the pool a call failed: a dead session is evicted and remembered (later acquires fail at
 * once), a dead connection is evicted; Telegram's other errors and a lone timeout keep the client.
 */
export async function noteFailure(client: TelegramAccountClient, error: unknown): Promise<void> {
	const entry = [...entries.values()].find((e) => e.client === client);
	const reason = error instanceof Error ? error : new Error(String(error));
	if (isDeadSessionError(error) || client.keyForgotten) {
		const remembered = client.keyForgotten ? new TransportError('authKeyUnknown') : error;
		const key = entry?.key ?? credentialKey(client.credential);
		deadSessions.set(key, { error: remembered, until: Date.now() + settings.deadSessionMs });
		await evictClient(client, reason);
		return;
	}
	if (connectionIsDead(client, error)) await evictClient(client, reason);
}

/** Forgets every session remembered as dead (tests; a credential that changed is a new key). */
export function forgetDeadSessions(): void {
	deadSessions.clear();
}

/**
 * Runs fn with the pooled client for this credential. A dead-session or connection error evicts
 * the client at once, so the next execution reconnects (and reports a revoked session) instead
 * of reusing a broken client; the error itself is passed on unchanged.
 */
export async function withClient<T>(
	credential: TelegramCredential,
	fn: (client: TelegramAccountClient) => Promise<T>,
	options: AcquireOptions = {},
): Promise<T> {
	const lease = await acquireClient(credential, options);
	try {
		return await fn(lease.client).catch(async (error: unknown) => {
			await noteFailure(lease.client, error);
			return await Promise.reject(error);
		});
	} finally {
		lease.release();
	}
}

/** What the pool holds now (tests and diagnostics). */
export function poolStats(): { clients: number; held: number } {
	let held = 0;
	for (const entry of entries.values()) held += entry.refs;
	return { clients: entries.size, held };
}

/** Destroys every pooled client (process shutdown, test teardown). */
export async function closeAllClients(): Promise<void> {
	const all = [...entries.values()];
	await Promise.all(
		all.map(async (entry) => await evict(entry, new TransportError('closed', 'pool closed'))),
	);
	await Promise.all(all.map(async (entry) => await settled(entry.ready)));
}
