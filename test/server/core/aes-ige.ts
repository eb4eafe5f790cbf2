// AES-256-IGE with table-driven AES in plain TypeScript. IGE chains every block on the previous
// one, so node:crypto can only be called 16 bytes at a time: ~8 MB/s here, this ~30 MB/s.
// Checked against node:crypto's AES-256-ECB in core-tests/crypto.test.ts.

import { INV_SBOX, SBOX, TD, TE } from './aes-tables';

const [Te0, Te1, Te2, Te3] = TE;
const [Td0, Td1, Td2, Td3] = TD;

/** AES-256 key schedule: 60 words. */
function expandKey(key: Buffer): Uint32Array {
	const w = new Uint32Array(60);
	for (let i = 0; i < 8; i++) w[i] = key.readUInt32BE(i * 4);
	let rcon = 1;
	for (let i = 8; i < 60; i++) {
		let t = w[i - 1];
		if (i % 8 === 0) {
			t = (t << 8) | (t >>> 24);
			t =
				(SBOX[t >>> 24] << 24) |
				(SBOX[(t >>> 16) & 255] << 16) |
				(SBOX[(t >>> 8) & 255] << 8) |
				SBOX[t & 255];
			t ^= rcon << 24;
			rcon = ((rcon << 1) ^ (rcon & 0x80 ? 0x11b : 0)) & 0xff;
		} else if (i % 8 === 4) {
			t =
				(SBOX[t >>> 24] << 24) |
				(SBOX[(t >>> 16) & 255] << 16) |
				(SBOX[(t >>> 8) & 255] << 8) |
				SBOX[t & 255];
		}
		w[i] = (w[i - 8] ^ t) >>> 0;
	}
	return w;
}

/** The equivalent inverse cipher's schedule: rounds reversed, InvMixColumns on the inner ones. */
function expandDecryptKey(key: Buffer): Uint32Array {
	const w = expandKey(key);
	const d = new Uint32Array(60);
	for (let r = 0; r <= 14; r++) {
		for (let c = 0; c < 4; c++) {
			const v = w[(14 - r) * 4 + c];
			d[r * 4 + c] =
				r === 0 || r === 14
					? v
					: (Td0[SBOX[v >>> 24]] ^
							Td1[SBOX[(v >>> 16) & 255]] ^
							Td2[SBOX[(v >>> 8) & 255]] ^
							Td3[SBOX[v & 255]]) >>>
						0;
		}
	}
	return d;
}

const st = new Uint32Array(4);

function encryptBlock(k: Uint32Array, a: number, b: number, c: number, d: number): void {
	let s0 = a ^ k[0],
		s1 = b ^ k[1],
		s2 = c ^ k[2],
		s3 = d ^ k[3];
	let i = 4;
	for (let r = 1; r < 14; r++, i += 4) {
		const t0 =
			Te0[s0 >>> 24] ^ Te1[(s1 >>> 16) & 255] ^ Te2[(s2 >>> 8) & 255] ^ Te3[s3 & 255] ^ k[i];
		const t1 =
			Te0[s1 >>> 24] ^ Te1[(s2 >>> 16) & 255] ^ Te2[(s3 >>> 8) & 255] ^ Te3[s0 & 255] ^ k[i + 1];
		const t2 =
			Te0[s2 >>> 24] ^ Te1[(s3 >>> 16) & 255] ^ Te2[(s0 >>> 8) & 255] ^ Te3[s1 & 255] ^ k[i + 2];
		const t3 =
			Te0[s3 >>> 24] ^ Te1[(s0 >>> 16) & 255] ^ Te2[(s1 >>> 8) & 255] ^ Te3[s2 & 255] ^ k[i + 3];
		s0 = t0;
		s1 = t1;
		s2 = t2;
		s3 = t3;
	}
	const S = SBOX;
	st[0] =
		((S[s0 >>> 24] << 24) |
			(S[(s1 >>> 16) & 255] << 16) |
			(S[(s2 >>> 8) & 255] << 8) |
			S[s3 & 255]) ^
		k[i];
	st[1] =
		((S[s1 >>> 24] << 24) |
			(S[(s2 >>> 16) & 255] << 16) |
			(S[(s3 >>> 8) & 255] << 8) |
			S[s0 & 255]) ^
		k[i + 1];
	st[2] =
		((S[s2 >>> 24] << 24) |
			(S[(s3 >>> 16) & 255] << 16) |
			(S[(s0 >>> 8) & 255] << 8) |
			S[s1 & 255]) ^
		k[i + 2];
	st[3] =
		((S[s3 >>> 24] << 24) |
			(S[(s0 >>> 16) & 255] << 16) |
			(S[(s1 >>> 8) & 255] << 8) |
			S[s2 & 255]) ^
		k[i + 3];
}

function decryptBlock(k: Uint32Array, a: number, b: number, c: number, d: number): void {
	let s0 = a ^ k[0],
		s1 = b ^ k[1],
		s2 = c ^ k[2],
		s3 = d ^ k[3];
	let i = 4;
	for (let r = 1; r < 14; r++, i += 4) {
		const t0 =
			Td0[s0 >>> 24] ^ Td1[(s3 >>> 16) & 255] ^ Td2[(s2 >>> 8) & 255] ^ Td3[s1 & 255] ^ k[i];
		const t1 =
			Td0[s1 >>> 24] ^ Td1[(s0 >>> 16) & 255] ^ Td2[(s3 >>> 8) & 255] ^ Td3[s2 & 255] ^ k[i + 1];
		const t2 =
			Td0[s2 >>> 24] ^ Td1[(s1 >>> 16) & 255] ^ Td2[(s0 >>> 8) & 255] ^ Td3[s3 & 255] ^ k[i + 2];
		const t3 =
			Td0[s3 >>> 24] ^ Td1[(s2 >>> 16) & 255] ^ Td2[(s1 >>> 8) & 255] ^ Td3[s0 & 255] ^ k[i + 3];
		s0 = t0;
		s1 = t1;
		s2 = t2;
		s3 = t3;
	}
	const S = INV_SBOX;
	st[0] =
		((S[s0 >>> 24] << 24) |
			(S[(s3 >>> 16) & 255] << 16) |
			(S[(s2 >>> 8) & 255] << 8) |
			S[s1 & 255]) ^
		k[i];
	st[1] =
		((S[s1 >>> 24] << 24) |
			(S[(s0 >>> 16) & 255] << 16) |
			(S[(s3 >>> 8) & 255] << 8) |
			S[s2 & 255]) ^
		k[i + 1];
	st[2] =
		((S[s2 >>> 24] << 24) |
			(S[(s1 >>> 16) & 255] << 16) |
			(S[(s0 >>> 8) & 255] << 8) |
			S[s3 & 255]) ^
		k[i + 2];
	st[3] =
		((S[s3 >>> 24] << 24) |
			(S[(s2 >>> 16) & 255] << 16) |
			(S[(s1 >>> 8) & 255] << 8) |
			S[s0 & 255]) ^
		k[i + 3];
}

const rd = (b: Buffer, i: number) =>
	((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
function wr(b: Buffer, i: number, v: number): void {
	b[i] = v >>> 24;
	b[i + 1] = v >>> 16;
	b[i + 2] = v >>> 8;
	b[i + 3] = v;
}

/** One AES-256 block, for checking the tables against node:crypto. */
export function aes256Block(key: Buffer, block: Buffer, decrypt: boolean): Buffer {
	const k = decrypt ? expandDecryptKey(key) : expandKey(key);
	(decrypt ? decryptBlock : encryptBlock)(
		k,
		rd(block, 0),
		rd(block, 4),
		rd(block, 8),
		rd(block, 12),
	);
	const out = Buffer.alloc(16);
	for (let j = 0; j < 4; j++) wr(out, j * 4, st[j]);
	return out;
}

/** c_i = E(p_i ^ c_{i-1}) ^ p_{i-1}, with iv = c_0 | p_0. Writes into `out` at `outAt`. */
export function igeEncryptJs(
	data: Buffer,
	key: Buffer,
	iv: Buffer,
	out: Buffer,
	outAt: number,
): void {
	const ek = expandKey(key);
	let c0 = rd(iv, 0),
		c1 = rd(iv, 4),
		c2 = rd(iv, 8),
		c3 = rd(iv, 12);
	let p0 = rd(iv, 16),
		p1 = rd(iv, 20),
		p2 = rd(iv, 24),
		p3 = rd(iv, 28);
	for (let at = 0; at < data.length; at += 16) {
		const x0 = rd(data, at),
			x1 = rd(data, at + 4),
			x2 = rd(data, at + 8),
			x3 = rd(data, at + 12);
		encryptBlock(ek, x0 ^ c0, x1 ^ c1, x2 ^ c2, x3 ^ c3);
		c0 = (st[0] ^ p0) >>> 0;
		c1 = (st[1] ^ p1) >>> 0;
		c2 = (st[2] ^ p2) >>> 0;
		c3 = (st[3] ^ p3) >>> 0;
		const o = outAt + at;
		wr(out, o, c0);
		wr(out, o + 4, c1);
		wr(out, o + 8, c2);
		wr(out, o + 12, c3);
		p0 = x0;
		p1 = x1;
		p2 = x2;
		p3 = x3;
	}
}

/** p_i = D(c_i ^ p_{i-1}) ^ c_{i-1}, with iv = c_0 | p_0. */
export function igeDecryptJs(data: Buffer, key: Buffer, iv: Buffer): Buffer {
	const dk = expandDecryptKey(key);
	const out = Buffer.allocUnsafe(data.length);
	let c0 = rd(iv, 0),
		c1 = rd(iv, 4),
		c2 = rd(iv, 8),
		c3 = rd(iv, 12);
	let p0 = rd(iv, 16),
		p1 = rd(iv, 20),
		p2 = rd(iv, 24),
		p3 = rd(iv, 28);
	for (let at = 0; at < data.length; at += 16) {
		const x0 = rd(data, at),
			x1 = rd(data, at + 4),
			x2 = rd(data, at + 8),
			x3 = rd(data, at + 12);
		decryptBlock(dk, x0 ^ p0, x1 ^ p1, x2 ^ p2, x3 ^ p3);
		p0 = (st[0] ^ c0) >>> 0;
		p1 = (st[1] ^ c1) >>> 0;
		p2 = (st[2] ^ c2) >>> 0;
		p3 = (st[3] ^ c3) >>> 0;
		wr(out, at, p0);
		wr(out, at + 4, p1);
		wr(out, at + 8, p2);
		wr(out, at + 12, p3);
		c0 = x0;
		c1 = x1;
		c2 = x2;
		c3 = x3;
	}
	return out;
}
