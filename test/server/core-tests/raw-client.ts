// A bare MTProto client for the tests: it can send what GramJS never sends (bad msg_ids,
// intermediate / padded framing, raw service messages). Its framing is written independently of
// the server's transport.ts; the crypto primitives are shared.
import { createCipheriv, randomBytes, type Cipher } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { crc32 } from 'node:zlib';
import { igeDecrypt, igeEncrypt, messageAesKeyIv, messageKey } from '../core/crypto';
import { authKeyIdOf } from '../core';
import { withDeadline } from '../../helpers/deadline';

export type RawTransport = 'full' | 'intermediate' | 'padded' | 'abridged';

export interface ServerMessage {
	salt: bigint;
	sessionId: bigint;
	msgId: bigint;
	seqNo: number;
	body: Buffer;
}

export class RawClient {
	private buf = Buffer.alloc(0);
	private readonly packets: Buffer[] = [];
	private waiter?: () => void;
	private sendSeq = 0;
	private recvSeq = 0;
	/** A framing error in what the server sent (bad crc32, wrong seq): fails the next read. */
	protocolError?: Error;
	private enc?: Cipher;
	private dec?: Cipher;
	private lastMsgId = 0n;
	closedByServer = false;
	readonly sessionId = randomBytes(8).readBigInt64LE(0);

	private constructor(
		private readonly socket: Socket,
		readonly transport: RawTransport,
		obfuscated: boolean,
	) {
		if (obfuscated) this.initObfuscated();
		else if (transport === 'intermediate') socket.write(Buffer.from('eeeeeeee', 'hex'));
		else if (transport === 'padded') socket.write(Buffer.from('dddddddd', 'hex'));
		else if (transport === 'abridged') socket.write(Buffer.from([0xef]));
		socket.on('data', (d: Buffer) => this.onData(d));
		socket.on('close', () => {
			this.closedByServer = true;
			this.waiter?.();
		});
		socket.on('error', () => undefined);
	}

	static async open(port: number, host: string, transport: RawTransport, obfuscated = false) {
		const socket = connect(port, host);
		await withDeadline(
			new Promise<void>((resolve, reject) => {
				socket.once('connect', resolve);
				socket.once('error', reject);
			}),
			3000,
			'raw connect',
		);
		return new RawClient(socket, transport, obfuscated);
	}

	private initObfuscated(): void {
		let h: Buffer;
		do h = randomBytes(64);
		while (
			h[0] === 0xef ||
			h.readUInt32LE(4) === 0 ||
			[0xeeeeeeee, 0xdddddddd].includes(h.readUInt32LE(0))
		);
		const tag = { abridged: 0xefefefef, intermediate: 0xeeeeeeee, padded: 0xdddddddd, full: 0 };
		h.writeUInt32LE(tag[this.transport], 56);
		const rev = Buffer.from(h.subarray(8, 56)).reverse();
		this.enc = createCipheriv('aes-256-ctr', h.subarray(8, 40), h.subarray(40, 56));
		this.dec = createCipheriv('aes-256-ctr', rev.subarray(0, 32), rev.subarray(32, 48));
		const encrypted = this.enc.update(h);
		encrypted.copy(h, 56, 56, 64);
		this.socket.write(h);
	}

	private onData(d: Buffer): void {
		if (this.dec) d = this.dec.update(d);
		this.buf = Buffer.concat([this.buf, d]);
		try {
			for (;;) {
				const p = this.nextFrame();
				if (!p) break;
				this.packets.push(p);
			}
		} catch (e) {
			this.protocolError = e as Error;
		}
		this.waiter?.();
	}

	private nextFrame(): Buffer | undefined {
		const b = this.buf;
		if (this.transport === 'full') {
			if (b.length < 4 || b.length < b.readInt32LE(0)) return undefined;
			const len = b.readInt32LE(0);
			if (crc32(b.subarray(0, len - 4)) !== b.readUInt32LE(len - 4)) throw new Error('bad crc');
			const seq = b.readInt32LE(4);
			if (seq !== this.recvSeq++)
				throw new Error(`server seq ${seq}, expected ${this.recvSeq - 1}`);
			this.buf = b.subarray(len);
			return b.subarray(8, len - 4);
		}
		if (this.transport === 'abridged') {
			if (b.length < 1) return undefined;
			let len = b[0] * 4;
			let start = 1;
			if (b[0] === 0x7f) {
				if (b.length < 4) return undefined;
				len = b.readUIntLE(1, 3) * 4;
				start = 4;
			}
			if (b.length < start + len) return undefined;
			this.buf = b.subarray(start + len);
			return b.subarray(start, start + len);
		}
		if (b.length < 4 || b.length < 4 + b.readInt32LE(0)) return undefined;
		const end = 4 + b.readInt32LE(0);
		this.buf = b.subarray(end);
		return b.subarray(4, end);
	}

	sendPacket(payload: Buffer): void {
		let frame: Buffer;
		if (this.transport === 'full') {
			const head = Buffer.alloc(8);
			head.writeInt32LE(payload.length + 12, 0);
			head.writeInt32LE(this.sendSeq++, 4);
			const body = Buffer.concat([head, payload]);
			const crc = Buffer.alloc(4);
			crc.writeUInt32LE(crc32(body), 0);
			frame = Buffer.concat([body, crc]);
		} else if (this.transport === 'abridged') {
			const words = payload.length / 4;
			const head =
				words < 0x7f
					? Buffer.from([words])
					: Buffer.from([0x7f, words & 255, (words >> 8) & 255, words >> 16]);
			frame = Buffer.concat([head, payload]);
		} else {
			const pad =
				this.transport === 'padded'
					? randomBytes(1 + Math.floor(Math.random() * 15))
					: Buffer.alloc(0);
			const head = Buffer.alloc(4);
			head.writeInt32LE(payload.length + pad.length, 0);
			frame = Buffer.concat([head, payload, pad]);
		}
		this.socket.write(this.enc ? this.enc.update(frame) : frame);
	}

	/** Next transport payload from the server; undefined if the server closed first. */
	async nextPacket(ms = 3000): Promise<Buffer | undefined> {
		const wait = async () => {
			while (!this.packets.length && !this.closedByServer && !this.protocolError) {
				await new Promise<void>((r) => (this.waiter = r));
			}
			if (this.protocolError) throw this.protocolError;
			return this.packets.shift();
		};
		return withDeadline(wait(), ms, 'raw packet');
	}

	newMsgId(): bigint {
		const now = Date.now();
		let id =
			(BigInt(Math.floor(now / 1000)) << 32n) |
			(BigInt(Math.floor(((now % 1000) / 1000) * 2 ** 32)) & ~3n);
		if (id <= this.lastMsgId) id = this.lastMsgId + 4n;
		this.lastMsgId = id;
		return id;
	}

	close(): void {
		this.socket.destroy();
	}
}

/** The encrypted layer over a RawClient, with a key the test seeded into the store. */
export class RawSession {
	private readonly keyId = Buffer.alloc(8);
	salt = 0n;
	private seq = 0;

	constructor(
		readonly raw: RawClient,
		private readonly key: Buffer,
	) {
		this.keyId.writeBigInt64LE(authKeyIdOf(key), 0);
	}

	/** Next seq_no as a compliant client would number it. */
	nextSeq(contentRelated = true): number {
		return contentRelated ? this.seq++ * 2 + 1 : this.seq * 2;
	}

	send(body: Buffer, o: { msgId?: bigint; seqNo?: number; salt?: bigint } = {}): bigint {
		const msgId = o.msgId ?? this.raw.newMsgId();
		const head = Buffer.alloc(32);
		head.writeBigInt64LE(o.salt ?? this.salt, 0);
		head.writeBigInt64LE(this.raw.sessionId, 8);
		head.writeBigInt64LE(msgId, 16);
		head.writeInt32LE(o.seqNo ?? this.nextSeq(), 24);
		head.writeInt32LE(body.length, 28);
		const padLen = 12 + ((16 - ((32 + body.length + 12) % 16)) % 16);
		const plain = Buffer.concat([head, body, randomBytes(padLen)]);
		const msgKey = messageKey(this.key, plain, 0);
		const [k, iv] = messageAesKeyIv(this.key, msgKey, 0);
		this.raw.sendPacket(Buffer.concat([this.keyId, msgKey, igeEncrypt(plain, k, iv)]));
		return msgId;
	}

	/** Next server message, decrypted and checked; containers are returned as they are. */
	async recv(ms = 3000): Promise<ServerMessage> {
		const p = await this.raw.nextPacket(ms);
		if (!p) throw new Error('server closed the connection');
		if (p.length === 4) throw new Error(`transport error ${p.readInt32LE(0)}`);
		if (!p.subarray(0, 8).equals(this.keyId)) throw new Error('wrong auth_key_id from server');
		const msgKey = p.subarray(8, 24);
		const [k, iv] = messageAesKeyIv(this.key, msgKey, 8);
		// Padded intermediate adds 0–15 bytes after the encrypted data.
		const encLen = p.length - 24 - ((p.length - 24) % 16);
		const plain = igeDecrypt(p.subarray(24, 24 + encLen), k, iv);
		if (!messageKey(this.key, plain, 8).equals(msgKey)) throw new Error('bad msg_key from server');
		const len = plain.readInt32LE(28);
		return {
			salt: plain.readBigInt64LE(0),
			sessionId: plain.readBigInt64LE(8),
			msgId: plain.readBigInt64LE(16),
			seqNo: plain.readInt32LE(24),
			body: plain.subarray(32, 32 + len),
		};
	}

	/** Receives until a message whose constructor is `id` (skipping e.g. new_session_created). */
	async recvUntil(id: number, ms = 3000): Promise<ServerMessage> {
		const end = Date.now() + ms;
		for (;;) {
			const m = await this.recv(Math.max(1, end - Date.now()));
			if (m.body.readUInt32LE(0) === id) return m;
		}
	}
}
