import { createHash, createPublicKey } from 'crypto';

import { TransportError } from './errors';

/** What a StringSession holds, without the key itself. */
export interface SessionInfo {
	dcId: number;
	serverAddress: string;
	port: number;
}

/**
 * Checks a StringSession ("1" + base64(dc u8 | addrLen i16 | addr | port i16 | key 256B)) before
 * GramJS sees it: GramJS accepts a truncated string and then fails in odd ways later.
 */
export function readSessionString(session: string): SessionInfo {
	const bad = (why: string) => new TransportError('badSession', why);
	if (!session.startsWith('1')) throw bad('it does not start with "1"');
	const body = session.slice(1);
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw bad('it is not base64');
	const raw = Buffer.from(body, 'base64');
	if (raw.length < 1 + 2 + 2 + 255) throw bad('it is too short');
	const dcId = raw.readUInt8(0);
	const addressLength = raw.readInt16BE(1);
	// GramJS writes IPv6 addresses as 16 raw bytes without a length (it reads >100 as that case).
	const ipv6 = addressLength > 100;
	const addressEnd = ipv6 ? 1 + 16 : 3 + addressLength;
	if (addressLength <= 0 || raw.length < addressEnd + 2) throw bad('the server address is cut');
	const serverAddress = ipv6
		? raw
				.subarray(1, 17)
				.toString('hex')
				.replace(/(.{4})(?!$)/g, '$1:')
		: raw.subarray(3, addressEnd).toString('latin1');
	const port = raw.readInt16BE(addressEnd);
	const keyLength = raw.length - addressEnd - 2;
	// 255 happens: GramJS drops a leading zero byte of about one key in 256.
	if (keyLength !== 256 && keyLength !== 255) throw bad('the auth key has the wrong length');
	if (dcId < 1 || port <= 0) throw bad('the data centre or port is invalid');
	return { dcId, serverAddress, port };
}

export interface RsaPublicKey {
	/** Modulus, big-endian bytes. */
	n: Buffer;
	e: number;
	/** As GramJS's `_serverKeys` map keys it: the signed 64-bit fingerprint in decimal. */
	fingerprint: string;
}

function tlBytes(data: Buffer): Buffer {
	const header =
		data.length < 254
			? Buffer.from([data.length])
			: Buffer.from([
					254,
					data.length & 0xff,
					(data.length >> 8) & 0xff,
					(data.length >> 16) & 0xff,
				]);
	const length = header.length + data.length;
	return Buffer.concat([header, data, Buffer.alloc((4 - (length % 4)) % 4)]);
}

function parsePem(pem: string): { n?: string; e?: string } | string {
	try {
		const type = pem.includes('BEGIN RSA PUBLIC KEY') ? 'pkcs1' : 'spki';
		return createPublicKey({ key: pem, format: 'pem', type }).export({ format: 'jwk' });
	} catch (error) {
		return (error as Error).message;
	}
}

/**
 * Reads a PEM public key (PKCS#1 or SPKI) and computes Telegram's fingerprint: the low 64 bits of
 * sha1(TL bytes n + TL bytes e), read little-endian as a signed long.
 */
export function readRsaPublicKey(pem: string): RsaPublicKey {
	const jwk = parsePem(pem);
	if (typeof jwk === 'string')
		throw new TransportError('rsaKey', `the PEM cannot be read (${jwk})`);
	if (!jwk.n || !jwk.e) throw new TransportError('rsaKey', 'it is not an RSA key');
	const n = Buffer.from(jwk.n, 'base64url');
	const eBytes = Buffer.from(jwk.e, 'base64url');
	const digest = createHash('sha1')
		.update(Buffer.concat([tlBytes(n), tlBytes(eBytes)]))
		.digest();
	return {
		n,
		e: eBytes.readUIntBE(0, eBytes.length),
		fingerprint: digest.readBigInt64LE(12).toString(),
	};
}
