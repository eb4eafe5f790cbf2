// MTProto TCP transports, detected from a connection's first bytes as Telegram does:
// abridged (0xef), intermediate (0xeeeeeeee), padded intermediate (0xdddddddd), full (bytes 4..8
// are seq_no 0), else obfuscated (64-byte header, AES-256-CTR both ways, inner tag inside).
import { createCipheriv, randomBytes, type Cipher } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { sha256 } from './crypto';

export type TransportKind = 'full' | 'intermediate' | 'padded' | 'abridged';

export class TransportError extends Error {}

/** Largest frame accepted (upload parts are ≤ 512 KiB; Telegram's own cap is about 1 MiB). */
const MAX_FRAME = 4 * 1024 * 1024;
const TAG_INTERMEDIATE = 0xeeeeeeee;
const TAG_PADDED = 0xdddddddd;
const TAG_ABRIDGED = 0xefefefef;
const INNER_TAGS = new Map<number, TransportKind>([
	[TAG_ABRIDGED, 'abridged'],
	[TAG_INTERMEDIATE, 'intermediate'],
	[TAG_PADDED, 'padded'],
]);

export class Transport {
	kind?: TransportKind;
	obfuscated = false;
	/** Set when the client came as to an MTProxy (secret-keyed obfuscation): the DC it asked for. */
	proxyDcId?: number;
	private decryptor?: Cipher;
	private encryptor?: Cipher;
	private buf: Buffer = Buffer.alloc(0);
	private recvSeq = 0;
	private sendSeq = 0;

	/** `proxySecrets`: 16-byte MTProxy secrets this server also answers to, as a proxy would. */
	constructor(private readonly proxySecrets: Buffer[] = []) {}

	/** Feeds received bytes; returns the complete packets (payloads) now available. */
	feed(chunk: Buffer): Buffer[] {
		if (this.decryptor) chunk = this.decryptor.update(chunk);
		this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
		if (!this.kind && !this.detect()) return [];
		const out: Buffer[] = [];
		for (;;) {
			const p = this.next();
			if (!p) break;
			out.push(p);
		}
		return out;
	}

	private detect(): boolean {
		const b = this.buf;
		if (b.length >= 1 && b[0] === 0xef) {
			this.kind = 'abridged';
			this.buf = b.subarray(1);
			return true;
		}
		if (b.length < 8) return false;
		const tag = b.readUInt32LE(0);
		if (tag === TAG_INTERMEDIATE || tag === TAG_PADDED) {
			this.kind = tag === TAG_PADDED ? 'padded' : 'intermediate';
			this.buf = b.subarray(4);
			return true;
		}
		if (b.readUInt32LE(4) === 0) {
			this.kind = 'full';
			return true;
		}
		if (b.length < 64) return false;
		const header = b.subarray(0, 64);
		const rev = Buffer.from(header.subarray(8, 56)).reverse();
		// Plain obfuscation first, then as an MTProxy with each configured secret.
		for (const secret of [undefined, ...this.proxySecrets]) {
			const keyOf = (k: Buffer) => (secret ? sha256(k, secret) : k);
			const dec = createCipheriv(
				'aes-256-ctr',
				keyOf(header.subarray(8, 40)),
				header.subarray(40, 56),
			);
			const plain = dec.update(header);
			const kind = INNER_TAGS.get(plain.readUInt32LE(56));
			if (!kind) continue;
			this.kind = kind;
			this.decryptor = dec;
			this.encryptor = createCipheriv(
				'aes-256-ctr',
				keyOf(rev.subarray(0, 32)),
				rev.subarray(32, 48),
			);
			// An MTProxy client names the DC it wants in bytes 60..62 (negative: media DC).
			if (secret) this.proxyDcId = Math.abs(plain.readInt16LE(60));
			break;
		}
		if (!this.kind) throw new TransportError('unknown transport');
		this.obfuscated = true;
		const rest = b.subarray(64);
		this.buf = rest.length ? this.decryptor!.update(rest) : Buffer.alloc(0);
		return true;
	}

	private take(n: number, skip: number): Buffer {
		const p = this.buf.subarray(skip, n);
		this.buf = this.buf.subarray(n);
		return p;
	}

	private next(): Buffer | undefined {
		const b = this.buf;
		switch (this.kind) {
			case 'full': {
				if (b.length < 4) return undefined;
				const len = b.readInt32LE(0);
				if (len < 12 || len % 4 !== 0 || len > MAX_FRAME) throw new TransportError('bad length');
				if (b.length < len) return undefined;
				const seq = b.readInt32LE(4);
				if (seq !== this.recvSeq) throw new TransportError(`seq ${seq}, expected ${this.recvSeq}`);
				if (crc32(b.subarray(0, len - 4)) !== b.readUInt32LE(len - 4)) {
					throw new TransportError('bad crc32');
				}
				this.recvSeq++;
				const p = b.subarray(8, len - 4);
				this.buf = b.subarray(len);
				return p;
			}
			case 'intermediate':
			case 'padded': {
				if (b.length < 4) return undefined;
				// The top bit asks for a quick ack, which this server does not send.
				const len = b.readUInt32LE(0) & 0x7fffffff;
				if (len > MAX_FRAME) throw new TransportError('bad length');
				if (b.length < 4 + len) return undefined;
				return this.take(4 + len, 4);
			}
			case 'abridged': {
				if (b.length < 1) return undefined;
				const first = b[0] & 0x7f;
				if (first < 0x7f) {
					if (b.length < 1 + first * 4) return undefined;
					return this.take(1 + first * 4, 1);
				}
				if (b.length < 4) return undefined;
				const len = b.readUIntLE(1, 3) * 4;
				if (len > MAX_FRAME) throw new TransportError('bad length');
				if (b.length < 4 + len) return undefined;
				return this.take(4 + len, 4);
			}
			default:
				return undefined;
		}
	}

	/** Frames one payload for the wire. */
	encode(payload: Buffer): Buffer {
		let frame: Buffer;
		switch (this.kind) {
			case 'full': {
				const len = payload.length + 12;
				frame = Buffer.allocUnsafe(len);
				frame.writeInt32LE(len, 0);
				frame.writeInt32LE(this.sendSeq++, 4);
				payload.copy(frame, 8);
				frame.writeUInt32LE(crc32(frame.subarray(0, len - 4)), len - 4);
				break;
			}
			case 'intermediate':
			case 'padded': {
				const pad = this.kind === 'padded' ? Math.floor(Math.random() * 16) : 0;
				frame = Buffer.allocUnsafe(4 + payload.length + pad);
				frame.writeUInt32LE(payload.length + pad, 0);
				payload.copy(frame, 4);
				if (pad) randomBytes(pad).copy(frame, 4 + payload.length);
				break;
			}
			default: {
				const words = payload.length >> 2;
				const head = words < 0x7f ? 1 : 4;
				frame = Buffer.allocUnsafe(head + payload.length);
				if (head === 1) frame[0] = words;
				else {
					frame[0] = 0x7f;
					frame.writeUIntLE(words, 1, 3);
				}
				payload.copy(frame, head);
			}
		}
		return this.encryptor ? this.encryptor.update(frame) : frame;
	}
}
