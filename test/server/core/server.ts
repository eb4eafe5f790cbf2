// The loopback MTProto server: one TCP listener per DC, all sharing one auth key store.
import { createServer, type Server, type Socket } from 'node:net';
import { MsgIdClock, SaltBook } from './clock';
import { Connection, SessionRegistry } from './connection';
import type { CoreContext } from './context';
import { KeyResolver } from './keys';
import { KeyPlaces } from './places';
import { loadRsaKey } from './rsa';
import { TEST_RSA_PRIVATE_KEY_PEM } from './rsa-test-key';
import type {
	AuthKeyRecord,
	DcEndpoint,
	MtprotoServer,
	MtprotoServerOptions,
	SessionHandle,
} from './types';

const PORT_MIN = 10_000;
const PORT_MAX = 32_000;
const PORT_TRIES = 50;

/** Extra options beyond the agreed contract (all optional). */
export interface MtprotoServerExtraOptions {
	/** A new connection's first encrypted packet under this key: false = close it (refused). */
	admit?: (key: AuthKeyRecord) => boolean;
	/**
	 * When a new key starts with a zero byte, GramJS holds it without that byte and checks
	 * dh_gen_ok against the short form; true (default) answers so GramJS succeeds, false follows
	 * the spec (GramJS then fails that handshake and retries).
	 */
	gramJsShortKeyHash?: boolean;
	/**
	 * MTProxy secrets (hex or base64, 16 bytes, optional 0xdd prefix): clients that connect as to
	 * an MTProxy with one of them are served too, on the DC they name in their header.
	 */
	mtproxySecrets?: string[];
	/** Bits of the primes p, q in the handshake's pq: 31 as Telegram (slow in GramJS), default 24. */
	pqPrimeBits?: number;
	/** Called with protocol errors that closed a connection (default: printed if the environment
	 * has LOOPBACK_MTPROTO_DEBUG set). */
	onConnectionError?: (error: unknown, dcId: number) => void;
	/**
	 * AUTH_KEY_DUPLICATED as Telegram applies it: a key used from two client addresses at once is
	 * invalidated (default on); `windowMs` also counts a new address within that many ms after
	 * the other address's last connection closed (default 0).
	 */
	duplicateKeys?: { enforce?: boolean; windowMs?: number };
}

class LoopbackMtprotoServer implements MtprotoServer {
	readonly dcs: DcEndpoint[];
	readonly rsaPublicKeyPem: string;
	readonly rsaFingerprint: string;
	private readonly ctx: CoreContext;
	private readonly registry = new SessionRegistry();
	private readonly listeners: Server[] = [];
	private readonly sockets = new Map<Socket, Connection>();
	private readonly onConnError: (error: unknown, dcId: number) => void;
	private readonly places: KeyPlaces;

	constructor(options: MtprotoServerOptions & MtprotoServerExtraOptions) {
		const rsa = loadRsaKey(options.rsaPrivateKeyPem ?? TEST_RSA_PRIVATE_KEY_PEM);
		this.rsaPublicKeyPem = rsa.publicPem;
		this.rsaFingerprint = rsa.fingerprint;
		this.dcs = options.dcs.map((d) => ({
			id: d.id,
			host: d.host ?? defaultHost(d.id),
			port: d.port ?? 0,
		}));
		this.places = new KeyPlaces(
			options.duplicateKeys?.windowMs ?? 0,
			options.duplicateKeys?.enforce ?? true,
		);
		this.ctx = {
			handler: options.handler,
			store: options.authKeys,
			keys: new KeyResolver(options.authKeys),
			rsa,
			ids: new MsgIdClock(),
			salts: new SaltBook(),
			latency: 0,
			shortKeyHash: options.gramJsShortKeyHash ?? true,
			pqPrimeBits: Math.max(16, Math.min(31, options.pqPrimeBits ?? 24)),
			proxySecrets: (options.mtproxySecrets ?? []).map(proxySecretBytes),
			dcIds: this.dcs.map((d) => d.id),
			admit: options.admit,
			places: this.places,
		};
		this.onConnError = options.onConnectionError ?? debugLog;
	}

	async start(): Promise<void> {
		for (const dc of this.dcs) {
			const server = createServer((socket) => this.accept(socket, dc.id));
			dc.port = await listen(server, dc.host, dc.port);
			this.listeners.push(server);
		}
	}

	private accept(socket: Socket, dcId: number): void {
		const conn = new Connection(this.ctx, this.registry, socket, dcId, (e) =>
			this.onConnError(e, dcId),
		);
		this.sockets.set(socket, conn);
		socket.once('close', () => this.sockets.delete(socket));
	}

	async stop(): Promise<void> {
		const closing = this.listeners.map((s) => new Promise<void>((r) => s.close(() => r())));
		// A socket leaves the map on 'close', so every one still here has a 'close' to come.
		const gone = [...this.sockets.keys()].map((s) => new Promise<void>((r) => s.once('close', r)));
		for (const conn of this.sockets.values()) conn.destroy();
		await Promise.all([...closing, ...gone]);
		this.listeners.length = 0;
	}

	sessions(): SessionHandle[] {
		return this.registry.live();
	}

	setLatency(ms: number): void {
		this.ctx.latency = Math.max(0, ms);
	}

	connections() {
		return this.places.list();
	}
}

function proxySecretBytes(secret: string): Buffer {
	let b = /^[0-9a-f]+$/i.test(secret) ? Buffer.from(secret, 'hex') : Buffer.from(secret, 'base64');
	if (b.length === 17 && b[0] === 0xdd) b = b.subarray(1);
	if (b.length !== 16) throw new RangeError('an MTProxy secret is 16 bytes (32 hex digits)');
	return b;
}

/** Protocol errors are expected in tests (bad clients); print them only when asked to. */
function debugLog(error: unknown, dcId: number): void {
	if (process.env.LOOPBACK_MTPROTO_DEBUG) console.error(`[mtproto dc${dcId}]`, error);
}

/**
 * DC n listens on 127.0.0.n by default: GramJS dials DCs by the address in help.getConfig (its
 * port is fixed), so one address per DC lets a client's socket class tell DCs apart.
 */
function defaultHost(dcId: number): string {
	return dcId >= 1 && dcId <= 254 ? `127.0.0.${dcId}` : '127.0.0.1';
}

function listen(server: Server, host: string, wanted: number): Promise<number> {
	const once = (port: number) =>
		new Promise<number>((resolve, reject) => {
			const onError = (e: Error) => reject(e);
			server.once('error', onError);
			server.listen(port, host, () => {
				server.off('error', onError);
				resolve(port);
			});
		});
	if (wanted) return once(wanted);
	const attempt = async (n: number): Promise<number> => {
		const port = PORT_MIN + Math.floor(Math.random() * (PORT_MAX - PORT_MIN));
		try {
			return await once(port);
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || n >= PORT_TRIES) throw e;
			return attempt(n + 1);
		}
	};
	return attempt(1);
}

export function createMtprotoServer(
	options: MtprotoServerOptions & MtprotoServerExtraOptions,
): MtprotoServer {
	return new LoopbackMtprotoServer(options);
}
