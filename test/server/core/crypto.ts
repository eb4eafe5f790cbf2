// Hashes, AES-256-IGE and the MTProto 2.0 key derivation. Hashes on node:crypto; IGE in
// aes-ige.ts (node has no IGE mode, and calling it per 16-byte block is slow).
import { createHash, randomBytes } from 'node:crypto';
import { igeDecryptJs, igeEncryptJs } from './aes-ige';

export function sha1(...parts: Buffer[]): Buffer {
	const h = createHash('sha1');
	for (const p of parts) h.update(p);
	return h.digest();
}

export function sha256(...parts: Buffer[]): Buffer {
	const h = createHash('sha256');
	for (const p of parts) h.update(p);
	return h.digest();
}

export { randomBytes };

/** AES-256-IGE encryption; `data.length` must be a multiple of 16. Writes into `out` at `outAt`. */
export function igeEncrypt(
	data: Buffer,
	key: Buffer,
	iv: Buffer,
	out: Buffer = Buffer.allocUnsafe(data.length),
	outAt = 0,
): Buffer {
	igeEncryptJs(data, key, iv, out, outAt);
	return out;
}

/** AES-256-IGE decryption; `data.length` must be a multiple of 16. */
export function igeDecrypt(data: Buffer, key: Buffer, iv: Buffer): Buffer {
	return igeDecryptJs(data, key, iv);
}

/** MTProto 2.0 message key → AES key and IV; x = 0 for client→server, 8 for server→client. */
export function messageAesKeyIv(authKey: Buffer, msgKey: Buffer, x: 0 | 8): [Buffer, Buffer] {
	const a = sha256(msgKey, authKey.subarray(x, x + 36));
	const b = sha256(authKey.subarray(40 + x, 76 + x), msgKey);
	const key = Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]);
	const iv = Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]);
	return [key, iv];
}

/** msg_key = middle 128 bits of sha256(auth_key[88+x : 120+x] + plaintext-with-padding). */
export function messageKey(authKey: Buffer, plain: Buffer, x: 0 | 8): Buffer {
	return sha256(authKey.subarray(88 + x, 120 + x), plain).subarray(8, 24);
}

/** auth_key_id: the low 64 bits of sha1(key), read as the wire's little-endian signed long. */
export function authKeyIdOf(key: Buffer): bigint {
	return sha1(key).readBigInt64LE(12);
}

/** Temporary AES key/IV of the DH exchange, from new_nonce and server_nonce. */
export function dhTempAesKeyIv(newNonce: Buffer, serverNonce: Buffer): [Buffer, Buffer] {
	const h1 = sha1(newNonce, serverNonce);
	const h2 = sha1(serverNonce, newNonce);
	const h3 = sha1(newNonce, newNonce);
	const key = Buffer.concat([h1, h2.subarray(0, 12)]);
	const iv = Buffer.concat([h2.subarray(12, 20), h3, newNonce.subarray(0, 4)]);
	return [key, iv];
}
