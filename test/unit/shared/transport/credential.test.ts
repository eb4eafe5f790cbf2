import {
	credentialKey,
	credentialSecrets,
	CredentialError,
	parseCredential,
} from '../../../../nodes/shared/transport/credential';
import { readRsaPublicKey, readSessionString } from '../../../../nodes/shared/transport/session';
import { TransportError } from '../../../../nodes/shared/transport/errors';
import { generateKeyPairSync } from 'crypto';

const HASH = '0123456789abcdef0123456789abcdef';

describe('parseCredential', () => {
	it('fills every default for a bare credential', () => {
		const c = parseCredential({ apiId: 12345, apiHash: HASH, session: ' 1abc ' });
		expect(c).toMatchObject({
			apiId: 12345,
			session: '1abc',
			server: 'production',
			requestTimeoutMs: 30_000,
			floodSleepThresholdSec: 60,
			device: { deviceModel: 'Desktop', systemVersion: 'Windows 10', langCode: 'en' },
		});
		expect(c.custom).toBeUndefined();
		expect(c.proxy).toBeUndefined();
	});

	it('reads a custom server and a proxy', () => {
		const c = parseCredential({
			apiId: '7',
			apiHash: HASH,
			options: {
				server: 'custom',
				customHost: '127.0.0.1',
				customPort: 20443,
				proxyType: 'socks5',
				proxyHost: 'p',
				proxyPort: 1080,
			},
		});
		expect(c.custom).toEqual({ host: '127.0.0.1', port: 20443, dcId: 2, rsaPublicKey: '' });
		expect(c.proxy).toEqual({
			kind: 'socks5',
			host: 'p',
			port: 1080,
			username: undefined,
			password: undefined,
		});
	});

	it.each([
		[{ apiId: 0, apiHash: HASH }, /API ID/],
		[{ apiId: 1, apiHash: 'short' }, /API Hash/],
		[
			{
				apiId: 1,
				apiHash: HASH,
				options: { server: 'custom', customHost: 'h', customPort: 40000 },
			},
			/32767/,
		],
		[{ apiId: 1, apiHash: HASH, options: { server: 'custom', customHost: '' } }, /Custom Host/],
		[
			{
				apiId: 1,
				apiHash: HASH,
				options: { server: 'custom', customHost: 'h', customPort: 1, customRsaPublicKey: 'x' },
			},
			/PEM/,
		],
		[
			{
				apiId: 1,
				apiHash: HASH,
				options: { proxyType: 'mtproxy', proxyHost: 'h', proxyPort: 1, proxySecret: 'zz' },
			},
			/secret/i,
		],
	])('rejects %j', (data, message) => {
		expect(() => parseCredential(data)).toThrow(CredentialError);
		expect(() => parseCredential(data)).toThrow(message);
	});

	it('keys the pool by a hash that holds no secret and changes with any field', () => {
		const a = parseCredential({ apiId: 1, apiHash: HASH, session: '1session-secret' });
		const b = parseCredential({ apiId: 1, apiHash: HASH, session: '1session-other' });
		expect(credentialKey(a)).toMatch(/^[0-9a-f]{64}$/);
		expect(credentialKey(a)).toBe(
			credentialKey(parseCredential({ apiId: 1, apiHash: HASH, session: '1session-secret' })),
		);
		expect(credentialKey(a)).not.toBe(credentialKey(b));
		expect(credentialSecrets(a)).toEqual([HASH, '1session-secret']);
	});
});

function session(address: string, port: number, keyLength = 256): string {
	const addr = Buffer.from(address);
	const head = Buffer.alloc(3);
	head.writeUInt8(2, 0);
	head.writeInt16BE(addr.length, 1);
	const portBytes = Buffer.alloc(2);
	portBytes.writeInt16BE(port, 0);
	return (
		'1' + Buffer.concat([head, addr, portBytes, Buffer.alloc(keyLength, 7)]).toString('base64')
	);
}

describe('parseCredential across executions', () => {
	it('parses the same stored data once, and data that changed anew', () => {
		const data = { apiId: 4242, apiHash: HASH, session: '1first' };
		const first = parseCredential(data);
		expect(parseCredential({ ...data })).toBe(first);
		expect(Object.isFrozen(first) && Object.isFrozen(first.device)).toBe(true);
		expect(credentialKey(parseCredential({ ...data }))).toBe(credentialKey(first));
		const changed = parseCredential({ ...data, session: '1second' });
		expect(changed).not.toBe(first);
		expect(changed.session).toBe('1second');
		expect(credentialKey(changed)).not.toBe(credentialKey(first));
	});

	it('fails bad data every time', () => {
		const bad = { apiId: 4243, apiHash: 'short' };
		expect(() => parseCredential(bad)).toThrow(CredentialError);
		expect(() => parseCredential(bad)).toThrow(CredentialError);
	});
});

describe('readSessionString', () => {
	it('reads what GramJS writes', () => {
		expect(readSessionString(session('127.0.0.1', 20443))).toEqual({
			dcId: 2,
			serverAddress: '127.0.0.1',
			port: 20443,
		});
		expect(readSessionString(session('127.0.0.1', 20443, 255)).port).toBe(20443);
	});

	it.each([
		['', /start with "1"/],
		['2abc', /start with "1"/],
		['1not base64!', /base64/],
		['1AAAA', /too short/],
		[session('127.0.0.1', 1).slice(0, 200), /./],
	])('rejects %p', (value, message) => {
		expect(() => readSessionString(value)).toThrow(TransportError);
		expect(() => readSessionString(value)).toThrow(message);
	});
});

describe('readRsaPublicKey', () => {
	it("computes the same fingerprint as GramJS for Telegram's production key", () => {
		// Telegram's published production key (core.telegram.org/mtproto/auth_key), fingerprint 0xd09d1d85de64fd85.
		const pem = `-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEA6LszBcC1LGzyr992NzE0ieY+BSaOW622Aa9Bd4ZHLl+TuFQ4lo4g
5nKaMBwK/BIb9xUfg0Q29/2mgIR6Zr9krM7HjuIcCzFvDtr+L0GQjae9H0pRB2OO
62cECs5HKhT5DZ98K33vmWiLowc621dQuwKWSQKjWf50XYFw42h21P2KXUGyp2y/
+aEyZ+uVgLLQbRA1dEjSDZ2iGRy12Mk5gpYc397aYp438fsJoHIgJ2lgMv5h7WY9
t6N/byY9Nw9p21Og3AoXSL2q/2IJ1WRUhebgAdGVMlV1fkuOQoEzR7EdpqtQD9Cs
5+bfo3Nhmcyvk5ftB0WkJ9z6bNZ7yxrP8wIDAQAB
-----END RSA PUBLIC KEY-----`;
		const key = readRsaPublicKey(pem);
		expect(key.fingerprint).toBe(BigInt.asIntN(64, BigInt('0xd09d1d85de64fd85')).toString());
		expect(key.e).toBe(65537);
	});

	it('reads SPKI PEM too, and rejects garbage', () => {
		const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const spki = publicKey.export({ format: 'pem', type: 'spki' }).toString();
		const pkcs1 = publicKey.export({ format: 'pem', type: 'pkcs1' }).toString();
		expect(readRsaPublicKey(spki).fingerprint).toBe(readRsaPublicKey(pkcs1).fingerprint);
		expect(() =>
			readRsaPublicKey('-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----'),
		).toThrow(TransportError);
	});
});
