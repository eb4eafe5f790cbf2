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

/** Which Telegram a session or a dial belongs to: one world per client (decision 0001). */
export type World = 'production' | 'test' | 'custom';

// Telegram's own networks (AS62041 / AS59930 / AS44907 / AS211157), as published by Telegram's
// help.getConfig and https://core.telegram.org/resources/cidr.txt.
const TELEGRAM_V4: Array<[string, number]> = [
	['91.105.192.0', 23],
	['91.108.0.0', 16],
	['95.161.64.0', 20],
	['149.154.160.0', 20],
	['185.76.151.0', 24],
];
const TELEGRAM_V6 = ['2001:b28:f23c::/46', '2001:67c:4e8::/48', '2a0a:f280::/32'];
/** Telegram's test DCs (core.telegram.org/api/datacenter): sessions there are test sessions. */
const TEST_DCS = new Set([
	'149.154.175.10',
	'149.154.167.40',
	'149.154.175.117',
	'2001:b28:f23d:f001::e',
	'2001:67c:4e8:f002::e',
	'2001:b28:f23d:f003::e',
]);

function v4Number(address: string): number | undefined {
	const parts = address.split('.');
	if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) {
		return undefined;
	}
	return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function v6Groups(address: string): number[] | undefined {
	if (!/^[0-9a-f:]+$/i.test(address) || !address.includes(':')) return undefined;
	const [head, tail] = address.split('::');
	const read = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
	const front = read(head);
	const back = read(tail);
	const fill = address.includes('::') ? 8 - front.length - back.length : 0;
	const groups = [...front, ...new Array<number>(Math.max(0, fill)).fill(0), ...back];
	return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : undefined;
}

function inV6(groups: number[], cidr: string): boolean {
	const [base, bitsText] = cidr.split('/');
	const prefix = v6Groups(base)!;
	let bits = Number(bitsText);
	for (let i = 0; bits > 0; i++, bits -= 16) {
		const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
		if ((groups[i] & mask) !== (prefix[i] & mask)) return false;
	}
	return true;
}

const canonicalV6 = (groups: number[]) =>
	groups
		.map((g) => g.toString(16))
		.join(':')
		.replace(/(^|:)0(:0)+(:|$)/, '::');

/** True for an address on Telegram's own networks (production or test). */
export function isTelegramAddress(address: string): boolean {
	const v4 = v4Number(address);
	if (v4 !== undefined) {
		return TELEGRAM_V4.some(([base, bits]) => {
			const size = 2 ** (32 - bits);
			return Math.floor(v4 / size) === Math.floor(v4Number(base)! / size);
		});
	}
	const v6 = v6Groups(address);
	return v6 !== undefined && TELEGRAM_V6.some((cidr) => inV6(v6, cidr));
}

/** The world an address belongs to: Telegram's test DCs, Telegram, or anything else (custom). */
export function worldOf(address: string): World {
	if (!isTelegramAddress(address)) return 'custom';
	const v6 = v6Groups(address);
	return TEST_DCS.has(v6 ? canonicalV6(v6) : address) ? 'test' : 'production';
}

const WORLD_NAMES: Record<World, string> = {
	production: 'Telegram',
	test: "Telegram's test servers",
	custom: 'a custom server',
};

/** Refuses a session made in another world than the credential's Server (decision 0001). */
export function checkSessionWorld(info: SessionInfo, server: World): void {
	const world = worldOf(info.serverAddress);
	if (world === server) return;
	throw new TransportError(
		'wrongWorld',
		`the session was made on ${WORLD_NAMES[world]}, the credential's Server is ${WORLD_NAMES[server]}`,
	);
}
