// One connected client per credential per process, shared by every execution, the action node and
// the trigger: Telegram treats many parallel connections of one account as suspicious, and a
// connect costs several round trips (see docs/decisions/0002-client-pool.md).
import { TelegramAccountClient } from './client';
import { credentialKey, type TelegramCredential } from './credential';
import { isConnectionError, isDeadSessionError, TransportError } from './errors';
import type { LogSink } from './logger';

export interface PoolSettings {
	/** How long a client nobody holds stays connected. */
	idleTimeoutMs: number;
}

const settings: PoolSettings = { idleTimeoutMs: 5 * 60_000 };

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
	// A failed connect must not stay cached: the next acquire tries again.
	entry.ready.catch(() => {
		if (entries.get(key) === entry) entries.delete(key);
		entry.evicted = true;
	});
	entries.set(key, entry);
	return entry;
}

/** True when GramJS gave up on the connection (it reconnects by itself while it can). */
function isDropped(client: TelegramAccountClient): boolean {
	const sender = client._sender;
	return !client.connected && !(sender?.isReconnecting ?? false);
}

/** Takes the shared client for this credential, connecting it once however many ask at once. */
export async function acquireClient(
	credential: TelegramCredential,
	options: AcquireOptions = {},
): Promise<ClientLease> {
	const key = credentialKey(credential);
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
	await entry.client.destroy();
}

/** Drops a client at once, e.g. after Telegram said its session is dead. */
export async function evictClient(client: TelegramAccountClient, reason: Error): Promise<void> {
	const entry = [...entries.values()].find((e) => e.client === client);
	if (entry) await evict(entry, reason);
}

/**
 * Tells the pool a call failed: a dead session, a timeout or a drop evicts the client at once
 * (GramJS hangs for good once the server forgot its key). Telegram's other errors keep it.
 */
export async function noteFailure(client: TelegramAccountClient, error: unknown): Promise<void> {
	if (isDeadSessionError(error) || isConnectionError(error)) {
		await evictClient(client, error instanceof Error ? error : new Error(String(error)));
	}
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
