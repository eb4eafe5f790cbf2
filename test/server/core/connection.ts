// One TCP connection: transport framing, the plain handshake, decryption of client packets, and
// routing of each message to its session.
import type { Socket } from 'node:net';
import type { CoreContext, Link } from './context';
import { igeDecrypt, messageAesKeyIv, messageKey } from './crypto';
import { Handshake } from './handshake';
import { makeAuthKeyRecord, type ResolvedKey } from './keys';
import { placeOfAddress } from './places';
import { Session } from './session';
import { Transport, TransportError } from './transport';

/** Live and recent sessions of the whole server (a session may move to a new connection). */
export class SessionRegistry {
	private readonly map = new Map<string, Session>();
	private static readonly LIMIT = 10_000;

	private static key(wireKeyId: bigint, sessionId: bigint): string {
		return `${wireKeyId}:${sessionId}`;
	}

	get(wireKeyId: bigint, sessionId: bigint): Session | undefined {
		return this.map.get(SessionRegistry.key(wireKeyId, sessionId));
	}

	add(wireKeyId: bigint, s: Session): void {
		this.map.set(SessionRegistry.key(wireKeyId, s.sessionId), s);
		if (this.map.size <= SessionRegistry.LIMIT) return;
		for (const [k, old] of this.map) {
			if (old.closed) {
				this.map.delete(k);
				if (this.map.size <= SessionRegistry.LIMIT) break;
			}
		}
	}

	delete(wireKeyId: bigint, sessionId: bigint): boolean {
		return this.map.delete(SessionRegistry.key(wireKeyId, sessionId));
	}

	live(): Session[] {
		return [...this.map.values()].filter((s) => !s.closed);
	}
}

const TRANSPORT_ERROR_404 = (() => {
	const b = Buffer.alloc(4);
	b.writeInt32LE(-404, 0);
	return b;
})();

let lastConnectionId = 0;

export class Connection implements Link {
	closed = false;
	readonly id = ++lastConnectionId;
	/** The client's address: where Telegram sees the key used from. */
	readonly place: string;
	private readonly transport: Transport;
	private dcChecked = false;
	private handshake?: Handshake;
	private key?: { wireId: bigint; wireBytes: Buffer; resolved: ResolvedKey };
	private readonly mine = new Set<Session>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private pingTimer?: NodeJS.Timeout;

	constructor(
		private readonly ctx: CoreContext,
		private readonly registry: SessionRegistry,
		private readonly socket: Socket,
		/** The listener's DC, or the one an MTProxy client asked for. */
		public dcId: number,
		private readonly onError: (e: unknown) => void,
	) {
		this.transport = new Transport(ctx.proxySecrets);
		this.place = placeOfAddress(socket.remoteAddress);
		socket.setNoDelay(true);
		socket.on('data', (chunk: Buffer) => this.onData(chunk));
		socket.on('error', () => this.close());
		socket.on('close', () => this.onClosed());
	}

	private onData(chunk: Buffer): void {
		if (this.closed) return;
		const arrival = Date.now();
		try {
			const packets = this.transport.feed(chunk);
			if (!this.dcChecked && this.transport.kind) this.checkProxyDc();
			for (const p of packets) {
				if (this.closed) break;
				this.packet(p, arrival);
			}
		} catch (e) {
			this.onError(e);
			this.close();
		}
	}

	private checkProxyDc(): void {
		this.dcChecked = true;
		const dc = this.transport.proxyDcId;
		if (dc === undefined) return;
		if (!this.ctx.dcIds.includes(dc)) throw new TransportError(`MTProxy client asked for DC ${dc}`);
		this.dcId = dc;
	}

	private packet(p: Buffer, arrival: number): void {
		if (p.length === 4) return; // a transport error code: nothing to answer
		if (p.length < 20) throw new TransportError('packet too short');
		const keyId = p.readBigInt64LE(0);
		if (keyId === 0n) return this.plain(p, arrival);
		const fresh = !this.key;
		const key = this.keyFor(keyId, p);
		if (!key) return this.fail404();
		// A refused reconnect looks like a network failure: the connection closes unanswered.
		if (fresh && this.ctx.admit && !this.ctx.admit(key.resolved.record)) return this.close();
		if (fresh) {
			const client = { place: this.place, port: this.socket.remotePort ?? 0 };
			this.ctx.places?.opened(this.id, key.resolved.record, client, this.dcId);
		}
		let encLen = p.length - 24;
		if (this.transport.kind === 'padded') encLen -= encLen % 16;
		else if (encLen % 16 !== 0) throw new TransportError('encrypted data not block-aligned');
		const msgKey = p.subarray(8, 24);
		const [aesKey, iv] = messageAesKeyIv(key.resolved.key, msgKey, 0);
		const plain = igeDecrypt(p.subarray(24, 24 + encLen), aesKey, iv);
		if (!messageKey(key.resolved.key, plain, 0).equals(msgKey)) {
			throw new TransportError('msg_key mismatch');
		}
		const len = plain.readInt32LE(28);
		const padding = plain.length - 32 - len;
		if (len < 4 || len % 4 !== 0 || padding < 12 || padding > 1024) {
			throw new TransportError('bad message length');
		}
		const session = this.sessionFor(key, plain.readBigInt64LE(8));
		const salt = plain.readBigInt64LE(0);
		const msgId = plain.readBigInt64LE(16);
		session.receive(salt, msgId, plain.readInt32LE(24), plain.subarray(32, 32 + len), arrival);
	}

	/** The key of this auth_key_id, bound to this DC; undefined once forgotten. */
	private keyFor(wireId: bigint, p: Buffer) {
		const k = this.key;
		if (
			k &&
			k.wireId === wireId &&
			this.ctx.store.get(k.resolved.record.id) === k.resolved.record
		) {
			return k;
		}
		const resolved = this.ctx.keys.resolve(wireId);
		if (!resolved || resolved.record.dcId !== this.dcId) return undefined;
		this.key = { wireId, wireBytes: Buffer.from(p.subarray(0, 8)), resolved };
		return this.key;
	}

	private sessionFor(key: NonNullable<Connection['key']>, sessionId: bigint): Session {
		let s = this.registry.get(key.wireId, sessionId);
		// A record re-added under the same id (e.g. with userId set) keeps the session going.
		if (s && s.resolved.record !== key.resolved.record && s.authKey.id === key.resolved.record.id) {
			s.resolved = key.resolved;
		}
		if (!s || s.resolved.record !== key.resolved.record) {
			s = new Session(this.ctx, sessionId, this.dcId, key.resolved, key.wireBytes);
			this.registry.add(key.wireId, s);
		}
		if (s.link !== this) {
			if (s.link) s.detach(s.link);
			s.link = this;
			this.mine.add(s);
		}
		return s;
	}

	private plain(p: Buffer, arrival: number): void {
		const len = p.readInt32LE(16);
		if (len < 4 || 20 + len > p.length) throw new TransportError('bad plain message length');
		this.handshake ??= new Handshake(this.ctx.rsa, this.ctx.shortKeyHash, this.ctx.pqPrimeBits);
		const { answer, done } = this.handshake.handle(p.subarray(20, 20 + len));
		if (done) {
			const record = makeAuthKeyRecord(done.key, this.dcId);
			this.ctx.store.add(record);
			this.ctx.keys.learn(record);
			this.ctx.salts.noteInitial(record.id, done.initialSalt);
			this.handshake = undefined;
		}
		const out = Buffer.allocUnsafe(20 + answer.length);
		out.writeBigInt64LE(0n, 0);
		out.writeBigInt64LE(this.ctx.ids.next(1), 8);
		out.writeInt32LE(answer.length, 16);
		answer.copy(out, 20);
		this.later(arrival, () => this.write(out));
	}

	/** Runs `fn` when the emulated round trip of a request that arrived at `arrival` is over. */
	private later(arrival: number, fn: () => void): void {
		const delay = this.ctx.latency ? arrival + this.ctx.latency - Date.now() : 0;
		if (delay <= 0) return fn();
		const t = setTimeout(() => {
			this.timers.delete(t);
			fn();
		}, delay);
		this.timers.add(t);
	}

	/** Transport error -404 (unknown auth key), then close, as Telegram does. */
	private fail404(): void {
		this.write(TRANSPORT_ERROR_404);
		this.close();
	}

	write(payload: Buffer): void {
		if (this.closed) return;
		this.socket.write(this.transport.encode(payload));
	}

	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.socket.end(() => this.socket.destroy());
		this.cleanup();
	}

	/** Hard close (server stop). */
	destroy(): void {
		this.closed = true;
		this.socket.destroy();
		this.cleanup();
	}

	disconnectAfter(seconds: number): void {
		if (this.pingTimer) clearTimeout(this.pingTimer);
		this.pingTimer = setTimeout(() => this.close(), Math.max(1, seconds) * 1000);
		this.pingTimer.unref();
	}

	destroySession(sessionId: bigint): boolean {
		const k = this.key;
		if (!k) return false;
		const s = this.registry.get(k.wireId, sessionId);
		if (!s) return false;
		if (s.link) s.detach(s.link);
		return this.registry.delete(k.wireId, sessionId);
	}

	private onClosed(): void {
		this.closed = true;
		this.cleanup();
	}

	private cleanup(): void {
		this.ctx.places?.closed(this.id);
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		if (this.pingTimer) clearTimeout(this.pingTimer);
		this.pingTimer = undefined;
		for (const s of this.mine) s.detach(this);
		this.mine.clear();
	}
}
