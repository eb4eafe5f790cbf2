// The only module that loads `telegram` (GramJS) at run time; the rest of the package uses the
// types and the few values re-exported here, so swapping the library stays a change in one file.
import { AsyncLocalStorage } from 'async_hooks';

import { Api, Logger, TelegramClient, utils } from 'telegram';
import { _serverKeys } from 'telegram/crypto/RSA';
import { BinaryReader, MessagePacker, PromisedNetSockets } from 'telegram/extensions';
import { LogLevel } from 'telegram/extensions/Logger';
import { readBigIntFromBuffer, returnBigInt } from 'telegram/Helpers';
import * as authenticator from 'telegram/network/Authenticator';
import { computeCheck } from 'telegram/Password';
import type { ProxyInterface } from 'telegram/network/connection/TCPMTProxy';
import { StringSession } from 'telegram/sessions';

import { cancellableSleep } from './cancel';
import { credentialSecrets, type TelegramCredential } from './credential';
import { floodWaitSeconds, TransportError } from './errors';
import { n8nLogSink, routeGramLog, type GramLevel, type LogSink } from './logger';
import { readLongsNatively } from './longs';
import { checkSessionWorld, readRsaPublicKey, readSessionString, worldOf } from './session';

export { Api };

readLongsNatively(BinaryReader, returnBigInt);
/** The 2FA SRP proof for auth.checkPassword (used by the login node through login.ts). */
export { computeCheck as computePasswordCheck };

/** Telegram's test DC 2, where a fresh test-server login starts (core.telegram.org/api/datacenter). */
const TEST_DC = { id: 2, address: '149.154.167.40', port: 443 };
/** Deadline floor for a connect that must first create an auth key (DH exchange). */
const FRESH_CONNECT_MS = 20_000;
/** Flood waits a single request may sleep through before giving up. */
const MAX_FLOOD_SLEEPS = 3;

/** Forwards GramJS's log lines to n8n and keeps them off the console. */
class RoutedLogger extends Logger {
	constructor(
		readonly sink: LogSink,
		private readonly secrets: readonly string[],
		/** RSA keys this client alone trusts besides Telegram's (see scopedKeys below). */
		readonly trustedKeys: ServerKeys,
	) {
		super(LogLevel.DEBUG);
	}

	// GramJS prints raw errors with console.* when canSend(ERROR) is true: never let it.
	override canSend(): boolean {
		return false;
	}

	/** Set when GramJS reported that the server forgot the auth key (-404): GramJS then hangs. */
	keyForgotten = false;

	/** Called once when the key is found forgotten (the client fails its requests in flight). */
	onKeyForgotten?: () => void;

	override log(level: LogLevel, message: string): void {
		if (!this.keyForgotten && message.startsWith('Broken authorization key')) {
			this.keyForgotten = true;
			this.onKeyForgotten?.();
		}
		routeGramLog(this.sink, this.secrets, level as GramLevel, message);
	}

	override _log(level: LogLevel, message: string): void {
		// GramJS logs every message it sends and receives at debug: formatting and redacting them
		// costs more than a page of history. Connection events (info) and up are enough.
		if (level === LogLevel.DEBUG) return;
		this.log(level, message);
	}
}

type ServerKeys = Map<string, { n: ReturnType<typeof returnBigInt>; e: number }>;

// GramJS's DH exchange looks keys up in one process-wide map (`_serverKeys`): a custom key put
// there would be trusted by every client. Instead each DH runs in an async scope holding the keys
// of the client that started it (its sender passes the client's logger), and the map's get() reads
// that scope first; nothing is ever added to the shared map.
const scopedKeys = new AsyncLocalStorage<ServerKeys>();
const patched = Symbol.for('n8n-nodes-telegram-account.scopedServerKeys');
type KeyMap = typeof _serverKeys & { [patched]?: true };
if (!(_serverKeys as KeyMap)[patched]) {
	const sharedGet = _serverKeys.get.bind(_serverKeys);
	_serverKeys.get = (fingerprint: string) =>
		scopedKeys.getStore()?.get(fingerprint) ?? sharedGet(fingerprint);
	const doAuthentication = authenticator.doAuthentication;
	Object.assign(authenticator, {
		doAuthentication: async (...args: Parameters<typeof doAuthentication>) => {
			// Duck-typed: another copy of this module (another package version) patches only once.
			const keys = (args[1] as { trustedKeys?: ServerKeys }).trustedKeys ?? new Map();
			return await scopedKeys.run(keys, async () => await doAuthentication(...args));
		},
	});
	(_serverKeys as KeyMap)[patched] = true;
}

// GramJS sends a request again by itself: invoke() repeats it 2 s after a 500 and after a DC
// migration, and a reconnect or a bad salt re-queues what had no answer. Once our deadline gave up
// on a request (the caller was told; a send is in doubt), a later copy could land after the user's
// retry looked for it and found nothing: an abandoned request never goes out again (decision 0016).
interface QueuedState {
	request: object;
	reject(reason: unknown): void;
}
interface Attempt {
	abandoned?: Error;
	state?: QueuedState;
}
interface Abandonment {
	/** One call of GramJS's invoke() by ours, by request, until GramJS queues its state. */
	byRequest: WeakMap<object, Attempt>;
	byState: WeakMap<object, Attempt>;
}
const abandonKey = Symbol.for('n8n-nodes-telegram-account.abandonedRequests');
type Packer = { _queue: Array<QueuedState | undefined> };
type PackerProto = typeof MessagePacker.prototype & { [abandonKey]?: Abandonment };

/** Patches GramJS's send queue once (every state it queues or re-queues passes through it). */
function abandonment(): Abandonment {
	const proto = MessagePacker.prototype as PackerProto;
	const existing = proto[abandonKey];
	if (existing) return existing;
	const registry: Abandonment = { byRequest: new WeakMap(), byState: new WeakMap() };
	const attemptOf = (state: QueuedState): Attempt | undefined => {
		let attempt = registry.byState.get(state);
		if (attempt) return attempt;
		attempt = registry.byRequest.get(state.request);
		if (!attempt || attempt.state) return undefined;
		attempt.state = state;
		registry.byState.set(state, attempt);
		return attempt;
	};
	const dropped = (state: QueuedState | undefined): boolean => {
		const abandoned = state && attemptOf(state)?.abandoned;
		if (abandoned) state.reject(abandoned);
		return Boolean(abandoned);
	};
	const { append, get } = proto;
	proto.append = function (state, ...rest) {
		if (!dropped(state as QueuedState | undefined)) append.call(this, state, ...rest);
	};
	// A state queued before its deadline passed (while reconnecting) leaves unsent.
	proto.get = async function () {
		const packer = this as unknown as Packer;
		packer._queue = packer._queue.filter((state) => !dropped(state));
		return await get.call(this);
	};
	proto[abandonKey] = registry;
	return registry;
}
const abandoned = abandonment();

/** The keys a credential adds to Telegram's own for the DH exchange: its custom server's, if any. */
function serverKeysOf(credential: TelegramCredential): ServerKeys {
	const keys: ServerKeys = new Map();
	const pem = credential.custom?.rsaPublicKey;
	if (!pem) return keys;
	const key = readRsaPublicKey(pem);
	keys.set(key.fingerprint, { n: readBigIntFromBuffer(key.n, false, false), e: key.e });
	return keys;
}

interface SocketState {
	closed: boolean;
	close(): Promise<void>;
}

/** Sockets a client opened and has not closed yet; tests read it to prove nothing leaks. */
export interface SocketTracker {
	live: Set<SocketState>;
	opened: number;
	/** True once a TCP connection succeeded: tells an unknown key apart from an unreachable host. */
	reached: boolean;
	/** Set by destroy(): GramJS may still retry a connect in the background; it must not dial. */
	refuse: boolean;
	/** Addresses refused because they are outside the client's world (decision 0001). */
	refused: string[];
}

type Route = (port: number, ip: string) => { host: string; port: number } | undefined;

function socketClass(route: Route, tracker: SocketTracker): typeof PromisedNetSockets {
	return class RoutedSocket extends PromisedNetSockets {
		override async connect(port: number, ip: string): Promise<unknown> {
			if (tracker.refuse) throw new TransportError('closed', 'the client was destroyed');
			const target = route(port, ip);
			if (!target) {
				tracker.refused.push(ip);
				throw new TransportError('wrongWorld', `${ip} is not a server of this credential`);
			}
			tracker.opened++;
			tracker.live.add(this as unknown as SocketState);
			const result = await super.connect(target.port, target.host);
			tracker.reached = true;
			return result;
		}

		override async close(): Promise<void> {
			tracker.live.delete(this as unknown as SocketState);
			await super.close();
		}
	};
}

function proxyOf(credential: TelegramCredential): ProxyInterface | undefined {
	const p = credential.proxy;
	if (!p) return undefined;
	const timeout = Math.ceil(credential.requestTimeoutMs / 1000);
	if (p.kind === 'mtproxy') {
		return { ip: p.host, port: p.port, secret: p.secret ?? '', MTProxy: true, timeout };
	}
	const socksType = p.kind === 'socks5' ? 5 : 4;
	return {
		ip: p.host,
		port: p.port,
		socksType,
		username: p.username,
		password: p.password,
		timeout,
	};
}

export interface ClientOptions {
	/** Where GramJS's log lines go; default n8n's logger. */
	logger?: LogSink;
	/** More values its log lines must never show (a 2FA password during a login). */
	secrets?: readonly string[];
}

/** A GramJS client with deadlines, our flood-wait policy and custom-server addressing. */
export class TelegramAccountClient extends TelegramClient {
	readonly sockets: SocketTracker;
	/** Per-client caches other modules keep here (peers.ts: resolved peers). */
	readonly caches = new Map<string, unknown>();
	/** Last background error GramJS reported (connect attempts): used to explain a failed connect. */
	lastError?: Error;
	floodWaitedMs = 0;
	/** How to fail each request now waiting on its deadline. */
	private readonly inFlight = new Set<(error: Error) => void>();

	constructor(
		readonly credential: TelegramCredential,
		readonly options: ClientOptions = {},
	) {
		// Checked first: GramJS accepts a cut string and fails later in obscure ways; and a session
		// of another world must never reach this credential's servers (decision 0001).
		if (credential.session)
			checkSessionWorld(readSessionString(credential.session), credential.server);
		const session = new StringSession(credential.session);
		const secrets = [...credentialSecrets(credential), ...(options.secrets ?? [])];
		const logger = new RoutedLogger(
			options.logger ?? n8nLogSink,
			secrets,
			serverKeysOf(credential),
		);
		const tracker: SocketTracker = {
			live: new Set(),
			opened: 0,
			reached: false,
			refuse: false,
			refused: [],
		};
		const world = credential.server;
		const proxy = credential.proxy;
		const route: Route = (port, ip) => {
			// An MTProxy is dialled itself; GramJS then speaks to Telegram through it.
			if (proxy?.kind === 'mtproxy' && ip === proxy.host && port === proxy.port)
				return { host: ip, port };
			const target = worldOf(ip);
			if (world !== 'custom') return target === 'custom' ? undefined : { host: ip, port };
			if (target !== 'custom') return undefined;
			// GramJS dials the session's address on port 80 in Node and ignores the stored port.
			if ((port === 80 || port === 443) && ip === session.serverAddress) {
				return { host: ip, port: session.port };
			}
			return { host: ip, port };
		};
		super(session, credential.apiId, credential.apiHash, {
			connectionRetries: 2,
			reconnectRetries: 3,
			retryDelay: 500,
			requestRetries: 2,
			downloadRetries: 2,
			timeout: Math.ceil(credential.requestTimeoutMs / 1000),
			// 0: GramJS throws every flood wait and invoke() below decides (threshold, n8n sleep).
			floodSleepThreshold: 0,
			autoReconnect: true,
			useWSS: false,
			useIPV6: false,
			testServers: credential.server === 'test',
			proxy: proxyOf(credential),
			networkSocket: socketClass(route, tracker),
			baseLogger: logger,
			...credential.device,
		});
		this.sockets = tracker;
		const custom = credential.custom;
		if (!credential.session && custom) session.setDC(custom.dcId, custom.host, custom.port);
		if (!credential.session && credential.server === 'test') {
			session.setDC(TEST_DC.id, TEST_DC.address, TEST_DC.port);
		}
		// Set directly, not through onError (which swallows what the handler throws): a dial outside
		// the client's world must end GramJS's retry loops (`_connectSender` retries for ever).
		// GramJS stops reading after the server's -404 and leaves requests waiting for ever: the
		// requests in flight fail at once, naming the dead session instead of a timeout.
		logger.onKeyForgotten = () => {
			for (const fail of this.inFlight) fail(new TransportError('authKeyUnknown'));
		};
		Object.assign(this, {
			_errorHandler: async (error: Error) => {
				this.lastError = error;
				if (error instanceof TransportError && error.kind === 'wrongWorld') throw error;
			},
		});
	}

	/** Where this client's log lines go. */
	get logSink(): LogSink {
		return (this._log as RoutedLogger).sink;
	}

	/** True once the server said it forgot this client's auth key: the session is dead here. */
	get keyForgotten(): boolean {
		return (this._log as RoutedLogger).keyForgotten;
	}

	/** The account this client acts as, unique across worlds: `<server>:<custom host>:<user id>`. */
	async accountId(): Promise<string> {
		let id = this.caches.get('accountId') as string | undefined;
		if (!id) {
			const me = (await this.getMe(true)) as Api.InputPeerUser;
			const { server, custom } = this.credential;
			id = `${server}:${custom?.host ?? ''}:${String(me.userId)}`;
			this.caches.set('accountId', id);
		}
		return id;
	}

	/** Connects within the credential's deadline, or fails with a reason a user can act on. */
	async open(): Promise<void> {
		// A fresh session first runs the DH key exchange (several round trips and some CPU).
		const fresh = !this.credential.session;
		const ms = fresh ? Math.max(this.credential.requestTimeoutMs, FRESH_CONNECT_MS) : undefined;
		const connected = await this.withDeadline(this.connect(), 'connect', ms).catch(
			async (error: unknown) => {
				await this.destroy();
				const timedOut = error instanceof TransportError && error.kind === 'timeout';
				if (!timedOut || fresh) return await Promise.reject(error);
				// Connected but never answered: GramJS stops reading after the server's -404.
				return await Promise.reject(
					this.sockets.reached
						? new TransportError('authKeyUnknown')
						: new TransportError('unreachable', 'no answer before the deadline'),
				);
			},
		);
		if (connected) return;
		const reason = this.lastError?.message ?? 'no connection';
		await this.destroy();
		if (this.sockets.refused.length) throw new TransportError('wrongWorld', reason);
		throw /fingerprint|Step \d/i.test(reason)
			? new TransportError('rsaKey', reason)
			: new TransportError('unreachable', reason);
	}

	override async getDC(
		dcId: number,
		downloadDC = false,
	): Promise<{ id: number; ipAddress: string; port: number }> {
		const dc = await super.getDC(dcId, downloadDC);
		if (!this.credential.custom || !this._config) return dc;
		// GramJS answers port 443 for every DC; a custom server may serve each DC on its own port.
		const option = this._config.dcOptions.find((o) => o.id === dcId && !o.ipv6 && !o.mediaOnly);
		return option ? { id: dcId, ipAddress: option.ipAddress, port: option.port } : dc;
	}

	override async _switchDC(newDc: number): Promise<boolean> {
		// GramJS drops the auth key, then connect() reloads the session string and reads the old
		// DC's key back; the new DC answers -404 and GramJS hangs. Forget the loaded key too.
		Object.assign(this.session, { _key: undefined });
		return await super._switchDC(newDc);
	}

	override async invoke<R extends Api.AnyRequest>(
		request: R,
		dcId?: number,
	): Promise<R['__response']> {
		for (let sleeps = 0; ; sleeps++) {
			const attempt: Attempt = {};
			abandoned.byRequest.set(request, attempt);
			const giveUp = (error: Error) => {
				attempt.abandoned = error;
				attempt.state?.reject(error);
			};
			const work = super.invoke(request, dcId);
			const outcome = await this.withDeadline(work, request.className, undefined, giveUp).then(
				(value) => ({ ok: true as const, value }),
				(error: unknown) => ({ ok: false as const, error }),
			);
			if (outcome.ok) return outcome.value;
			const seconds = floodWaitSeconds(outcome.error);
			const threshold = this.credential.floodSleepThresholdSec;
			if (seconds === undefined || seconds > threshold || sleeps >= MAX_FLOOD_SLEEPS) {
				throw outcome.error;
			}
			this._log.info(`${request.className}: Telegram asks to wait ${seconds}s, waiting`);
			this.floodWaitedMs += seconds * 1000;
			await cancellableSleep(seconds * 1000);
		}
	}

	/** GramJS has no deadline of its own: a request on a key the server forgot never settles. */
	async withDeadline<T>(
		work: Promise<T>,
		what: string,
		ms = this.credential.requestTimeoutMs,
		/** Told the error when the deadline (or a forgotten key) gives up on `work`. */
		onGiveUp?: (error: Error) => void,
	): Promise<T> {
		// A bare timer: an AbortController + sleep() per request cost more than the rest of a warm send.
		let timer: NodeJS.Timeout | undefined;
		let fail: ((error: Error) => void) | undefined;
		const deadline = new Promise<never>((_, reject) => {
			fail = (error) => {
				onGiveUp?.(error);
				reject(error);
			};
			timer = setTimeout(
				() => fail!(new TransportError('timeout', `${what} got no answer within ${ms / 1000}s`)),
				ms,
			);
		});
		if (this.keyForgotten) fail!(new TransportError('authKeyUnknown'));
		this.inFlight.add(fail!);
		try {
			return await Promise.race([work, deadline]);
		} finally {
			clearTimeout(timer);
			this.inFlight.delete(fail!);
		}
	}

	/**
	 * Closes GramJS's extra connections to other DCs (file downloads) and their 30 s release timers:
	 * its destroy() walks those Maps with Object.values and so never clears them.
	 */
	async releaseExportedSenders(): Promise<void> {
		const self = this as unknown as {
			_exportedSenderReleaseTimeouts: Map<number, NodeJS.Timeout>;
			_exportedSenderPromises: Map<number, unknown>;
			_cleanupExportedSender(dcId: number): Promise<void>;
		};
		for (const timer of self._exportedSenderReleaseTimeouts.values()) clearTimeout(timer);
		self._exportedSenderReleaseTimeouts.clear();
		for (const dcId of [...self._exportedSenderPromises.keys()]) {
			// A sender still connecting may never settle (GramJS retries a connect for ever).
			await this.withDeadline(self._cleanupExportedSender(dcId), 'close', 2000).catch(
				() => undefined,
			);
		}
	}

	/** destroy(), plus closing any socket still being dialled (GramJS only closes connected ones). */
	override async destroy(): Promise<void> {
		this.sockets.refuse = true;
		try {
			await this.releaseExportedSenders();
			await super.destroy();
		} finally {
			await Promise.all([...this.sockets.live].map(async (socket) => await socket.close()));
			this.sockets.live.clear();
		}
	}

	/** Moves this client to another DC (a login Telegram sends elsewhere), under the deadline. */
	async switchToDc(dcId: number): Promise<void> {
		await this.withDeadline(this._switchDC(dcId), `switch to DC ${dcId}`);
	}

	/** The session string as it is now (it changes after a login or a DC switch). */
	saveSession(): string {
		return (this.session as StringSession).save();
	}

	// --- accessors for private fields ---
	/** True once destroy() ran: the pool has dropped this client and a new one must be taken. */
	get isDestroyed(): boolean {
		return this._destroyed;
	}

	/** GramJS's Markdown or HTML parser, without touching the shared client's own parse mode. */
	textParser(mode: 'markdown' | 'html'): {
		parse(message: string): [string, Api.TypeMessageEntity[]];
	} {
		return utils.sanitizeParseMode(mode);
	}
	// --- end of accessors for private fields ---
}

/** The InputPeer a request needs, from a User / Chat / Channel the client has seen. */
export function inputPeerOf(entity: Api.TypeUser | Api.TypeChat): Api.TypeInputPeer {
	return utils.getInputPeer(entity) as Api.TypeInputPeer;
}

/** A TL `long` (GramJS uses big-integer values) from a decimal string or number. */
export function toLong(value: string | number | bigint): ReturnType<typeof returnBigInt> {
	return returnBigInt(value);
}

// --- updates feed ---
// The update engine's view of a client (nodes/shared/updates/feed.ts): raw Updates as received,
// connection states, and the updates.* requests, with no GramJS type leaking out.
import { UpdateConnectionState } from 'telegram/network';

import type { ConnectionState, UpdateFeed } from '../updates/feed';
import type { Tl } from './serialize';

type RawCallback = (client: unknown, update: unknown) => void;
interface FeedTap {
	onUpdates(updates: Tl): void;
	onState(state: ConnectionState): void;
}
const CONNECTION_STATES: Record<number, ConnectionState> = {
	[-1]: 'disconnected',
	0: 'broken',
	1: 'connected',
};

/**
 * Wraps the main sender's update callback once per client: it sees each Updates object whole
 * (seq, date, users, chats) before GramJS splits it into the single updates its Raw event gets.
 */
function addTap(client: TelegramAccountClient, tap: FeedTap): () => void {
	const sender = client._sender as unknown as { _updateCallback?: RawCallback } | undefined;
	let taps = client.caches.get('updateTaps') as Set<FeedTap> | undefined;
	if (!taps) {
		if (!sender?._updateCallback) throw new TransportError('closed', 'the client is not connected');
		taps = installTap(sender as { _updateCallback: RawCallback });
		client.caches.set('updateTaps', taps);
	}
	const all = taps;
	all.add(tap);
	return () => {
		all.delete(tap);
		if (all.size || client.caches.get('updateTaps') !== all) return;
		// The last tap gone: GramJS's own callback is back in place, nothing of ours stays.
		(all as Set<FeedTap> & { restore?: () => void }).restore?.();
		client.caches.delete('updateTaps');
	};
}

function installTap(sender: { _updateCallback: RawCallback }): Set<FeedTap> {
	const taps = new Set<FeedTap>() as Set<FeedTap> & { restore?: () => void };
	const original = sender._updateCallback;
	taps.restore = () => {
		sender._updateCallback = original;
	};
	sender._updateCallback = (owner, update) => {
		for (const tap of taps) {
			if (update instanceof UpdateConnectionState) {
				const state = CONNECTION_STATES[update.state];
				if (state) tap.onState(state);
			} else tap.onUpdates(update as Tl);
		}
		original(owner, update);
	};
	return taps;
}

/** True while GramJS is reconnecting by itself (its sender's flag; private in telegram 2.26.22). */
export function isReconnecting(client: TelegramAccountClient): boolean {
	const sender = client._sender as unknown as { isReconnecting?: boolean } | undefined;
	return sender?.isReconnecting ?? false;
}

/**
 * True once GramJS stopped trying to reconnect (its retries ran out): it never recovers by itself,
 * though `connected` may still read true (telegram 2.26.22, MTProtoSender._recvLoop).
 */
export function clientGaveUp(client: TelegramAccountClient): boolean {
	const sender = client._sender as unknown as { userDisconnected?: boolean } | undefined;
	if (!sender) return true;
	if (isReconnecting(client)) return false;
	return !client.connected || sender.userDisconnected === true;
}

/** The update feed of a connected client (see UpdateFeed). */
export function updateFeedOf(client: TelegramAccountClient): UpdateFeed {
	const inputChannel = (channel: Tl) =>
		utils.getInputChannel(channel as unknown as Api.TypeChat) as Api.TypeInputChannel;
	return {
		listen: (onUpdates, onState) => addTap(client, { onUpdates, onState }),
		gaveUp: () => clientGaveUp(client),
		getSelf: async () => (await client.getMe(false)) as unknown as Tl,
		getState: async () => (await client.invoke(new Api.updates.GetState())) as unknown as Tl,
		getDifference: async (from, ptsTotalLimit) =>
			(await client.invoke(
				new Api.updates.GetDifference({ ...from, ptsTotalLimit }),
			)) as unknown as Tl,
		getChannelDifference: async (channel, pts, limit) =>
			(await client.invoke(
				new Api.updates.GetChannelDifference({
					channel: inputChannel(channel),
					filter: new Api.ChannelMessagesFilterEmpty(),
					pts,
					limit,
					force: false,
				}),
			)) as unknown as Tl,
		getDialogs: async (limit) =>
			(await client.invoke(
				new Api.messages.GetDialogs({
					offsetPeer: new Api.InputPeerEmpty(),
					limit,
					hash: toLong(0),
				}),
			)) as unknown as Tl,
		getHistory: async (peer, limit) =>
			(await client.invoke(
				new Api.messages.GetHistory({
					peer: inputPeerOf(peer as unknown as Api.TypeUser),
					limit,
					hash: toLong(0),
				}),
			)) as unknown as Tl,
		makeMessage: (fields) =>
			new Api.Message(
				fields as unknown as ConstructorParameters<typeof Api.Message>[0],
			) as unknown as Tl,
		makePeer(kind, id) {
			const value = toLong(id);
			if (kind === 'user') return new Api.PeerUser({ userId: value }) as unknown as Tl;
			if (kind === 'chat') return new Api.PeerChat({ chatId: value }) as unknown as Tl;
			return new Api.PeerChannel({ channelId: value }) as unknown as Tl;
		},
	};
}
// --- end updates feed ---
