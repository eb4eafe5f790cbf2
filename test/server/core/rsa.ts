// The server's RSA key: public PEM, Telegram fingerprint, and raw decryption of req_DH_params.
import {
	constants,
	createPrivateKey,
	createPublicKey,
	KeyObject,
	privateDecrypt,
} from 'node:crypto';
import { sha1 } from './crypto';
import { TlWriter } from './tl-bytes';

export interface ServerRsaKey {
	privateKey: KeyObject;
	publicPem: string;
	/** Signed decimal string, as GramJS keys `_serverKeys`. */
	fingerprint: string;
	fingerprintId: bigint;
	/** Modulus and exponent as hex, for clients that take {n, e}. */
	n: string;
	e: string;
}

export function loadRsaKey(privatePem: string): ServerRsaKey {
	const privateKey = createPrivateKey(privatePem);
	const pub = createPublicKey(privateKey);
	const jwk = pub.export({ format: 'jwk' });
	if (!jwk.n || !jwk.e) throw new Error('not an RSA key');
	const n = Buffer.from(jwk.n, 'base64url');
	const e = Buffer.from(jwk.e, 'base64url');
	// Telegram: the low 64 bits of sha1(TL bytes n + TL bytes e).
	const fingerprintId = sha1(new TlWriter().bytes(n).bytes(e).done()).readBigInt64LE(12);
	return {
		privateKey,
		publicPem: pub.export({ type: 'pkcs1', format: 'pem' }).toString(),
		fingerprint: fingerprintId.toString(),
		fingerprintId,
		n: n.toString('hex'),
		e: e.toString('hex'),
	};
}

/** Textbook RSA decryption (no padding): 256 bytes in, 256 bytes out. */
export function rsaDecryptRaw(key: ServerRsaKey, data: Buffer): Buffer {
	return privateDecrypt({ key: key.privateKey, padding: constants.RSA_NO_PADDING }, data);
}
