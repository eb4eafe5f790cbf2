// The unencrypted DH key exchange: req_pq(_multi) → req_DH_params → set_client_DH_params.
import { createDiffieHellman, generatePrimeSync } from 'node:crypto';
import { dhTempAesKeyIv, igeDecrypt, igeEncrypt, randomBytes, sha1, sha256 } from './crypto';
import { gramJsKeyForm } from './keys';
import { rsaDecryptRaw, type ServerRsaKey } from './rsa';
import { TlReader, TlWriter } from './tl-bytes';

// Telegram's 2048-bit safe prime, with g = 3.
export const DH_PRIME = Buffer.from(
	'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058' +
		'229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13ab' +
		'dc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f' +
		'3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754' +
		'fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0' +
		'f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf' +
		'6f4fadf034b10403119cd8e3b92fcc5b',
	'hex',
);
const DH_G = 3;

// Creating a DiffieHellman object runs a primality check of the prime (~0.5 s): make one, and
// set each handshake's own private key on it before each (synchronous) use.
let sharedDh: ReturnType<typeof createDiffieHellman> | undefined;
function dhWith(privateKey: Buffer): ReturnType<typeof createDiffieHellman> {
	sharedDh ??= createDiffieHellman(DH_PRIME, Buffer.from([DH_G]));
	sharedDh.setPrivateKey(privateKey);
	return sharedDh;
}

const ID = {
	reqPqMulti: 0xbe7e8ef1,
	reqPq: 0x60469778,
	resPq: 0x05162463,
	reqDhParams: 0xd712e4be,
	pqInner: 0x83c95aec,
	pqInnerDc: 0xa9f55f95,
	pqInnerTemp: 0x3c6a84d4,
	pqInnerTempDc: 0x56fddf88,
	serverDhOk: 0xd0e8075c,
	serverDhInner: 0xb5890dba,
	setClientDh: 0xf5045f1f,
	clientDhInner: 0x6643b654,
	dhGenOk: 0x3bcbf734,
} as const;

/**
 * Pools of pq = p·q (p < q), per prime size. Telegram uses 31-bit primes, which GramJS's
 * Pollard-rho in big-integer takes ~0.1–0.8 s to split; 24-bit primes keep a handshake fast.
 */
const pqPools = new Map<number, Array<{ p: bigint; q: bigint }>>();
function pickPq(bits: number): { p: bigint; q: bigint } {
	let pool = pqPools.get(bits);
	if (!pool) pqPools.set(bits, (pool = []));
	if (pool.length < 8) {
		let p = generatePrimeSync(bits, { bigint: true });
		let q = generatePrimeSync(bits, { bigint: true });
		while (p === q) q = generatePrimeSync(bits, { bigint: true });
		if (p > q) [p, q] = [q, p];
		pool.push({ p, q });
		return pool[pool.length - 1];
	}
	return pool[Math.floor(Math.random() * pool.length)];
}

function bigToBytes(v: bigint): Buffer {
	let hex = v.toString(16);
	if (hex.length % 2) hex = '0' + hex;
	return Buffer.from(hex, 'hex');
}

/** pq as Telegram sends it: 8 bytes big-endian, top bit clear (GramJS reads it as signed). */
function pqBytes(pq: bigint): Buffer {
	const b = Buffer.alloc(8);
	b.writeBigUInt64BE(pq, 0);
	return b;
}

export class HandshakeError extends Error {}

export interface HandshakeResult {
	/** 256 bytes, as the spec defines it. */
	key: Buffer;
	/** The first server salt the spec gives a new key: new_nonce[0:8] xor server_nonce[0:8]. */
	initialSalt: bigint;
}

/** One connection's handshake in progress. */
export class Handshake {
	private nonce?: Buffer;
	private serverNonce?: Buffer;
	private pq?: { p: bigint; q: bigint };
	private newNonce?: Buffer;
	private tmp?: [Buffer, Buffer];
	private dhPrivate?: Buffer;

	constructor(
		private readonly rsa: ServerRsaKey,
		/** When the key starts with a zero byte, hash the short form GramJS holds. */
		private readonly shortKeyHash: boolean,
		private readonly primeBits: number,
	) {}

	/** Answers one plain message; returns the key once dh_gen_ok has been written. */
	handle(body: Buffer): { answer: Buffer; done?: HandshakeResult } {
		const r = new TlReader(body);
		const id = r.uint32();
		if (id === ID.reqPqMulti || id === ID.reqPq) return { answer: this.resPq(r) };
		if (id === ID.reqDhParams) return { answer: this.dhParams(r) };
		if (id === ID.setClientDh) return this.clientDh(r);
		throw new HandshakeError(`unexpected plain message 0x${id.toString(16)}`);
	}

	private checkNonces(r: TlReader): void {
		if (!this.nonce || !this.serverNonce) throw new HandshakeError('no req_pq yet');
		if (!r.raw(16).equals(this.nonce) || !r.raw(16).equals(this.serverNonce)) {
			throw new HandshakeError('nonce mismatch');
		}
	}

	private resPq(r: TlReader): Buffer {
		this.nonce = Buffer.from(r.raw(16));
		this.serverNonce = randomBytes(16);
		this.pq = pickPq(this.primeBits);
		return new TlWriter(96)
			.uint32(ID.resPq)
			.raw(this.nonce)
			.raw(this.serverNonce)
			.bytes(pqBytes(this.pq.p * this.pq.q))
			.longVector([this.rsa.fingerprintId])
			.done();
	}

	private dhParams(r: TlReader): Buffer {
		this.checkNonces(r);
		const p = r.bytes();
		const q = r.bytes();
		if (!this.pq || !p.equals(bigToBytes(this.pq.p)) || !q.equals(bigToBytes(this.pq.q))) {
			throw new HandshakeError('wrong p, q');
		}
		if (r.int64() !== this.rsa.fingerprintId) throw new HandshakeError('unknown fingerprint');
		const encrypted = r.bytes();
		if (encrypted.length !== 256) throw new HandshakeError('encrypted_data must be 256 bytes');
		const inner = this.readInnerData(rsaDecryptRaw(this.rsa, encrypted));
		const ir = new TlReader(inner);
		const kind = ir.uint32();
		if (![ID.pqInner, ID.pqInnerDc, ID.pqInnerTemp, ID.pqInnerTempDc].includes(kind as never)) {
			throw new HandshakeError(`bad p_q_inner_data 0x${kind.toString(16)}`);
		}
		ir.bytes();
		ir.bytes();
		ir.bytes();
		if (!ir.raw(16).equals(this.nonce!) || !ir.raw(16).equals(this.serverNonce!)) {
			throw new HandshakeError('inner nonce mismatch');
		}
		this.newNonce = Buffer.from(ir.raw(32));
		this.tmp = dhTempAesKeyIv(this.newNonce, this.serverNonce!);
		this.dhPrivate = randomBytes(256);
		const ga = dhWith(this.dhPrivate).generateKeys();
		const answer = new TlWriter(600)
			.uint32(ID.serverDhInner)
			.raw(this.nonce!)
			.raw(this.serverNonce!)
			.int32(DH_G)
			.bytes(DH_PRIME)
			.bytes(ga)
			.int32(Math.floor(Date.now() / 1000))
			.done();
		const withHash = Buffer.concat([sha1(answer), answer]);
		const pad = (16 - (withHash.length % 16)) % 16;
		const plain = Buffer.concat([withHash, randomBytes(pad)]);
		return new TlWriter(700)
			.uint32(ID.serverDhOk)
			.raw(this.nonce!)
			.raw(this.serverNonce!)
			.bytes(igeEncrypt(plain, this.tmp[0], this.tmp[1]))
			.done();
	}

	/** RSA_PAD (what GramJS 2.26 sends); falls back to the old sha1 + data + padding form. */
	private readInnerData(m: Buffer): Buffer {
		const tempKey = Buffer.alloc(32);
		const aesEncrypted = m.subarray(32);
		const h = sha256(aesEncrypted);
		for (let i = 0; i < 32; i++) tempKey[i] = m[i] ^ h[i];
		const dataWithHash = igeDecrypt(aesEncrypted, tempKey, Buffer.alloc(32));
		const data = Buffer.from(dataWithHash.subarray(0, 192)).reverse();
		if (sha256(tempKey, data).equals(dataWithHash.subarray(192, 224))) return data;
		// Old form: 255 bytes = sha1(data) + data + random padding.
		const old = m.subarray(m.length - 255);
		const body = old.subarray(20);
		const len = innerLength(body);
		if (len > 0 && sha1(body.subarray(0, len)).equals(old.subarray(0, 20))) return body;
		throw new HandshakeError('encrypted_data does not decrypt');
	}

	private clientDh(r: TlReader): { answer: Buffer; done: HandshakeResult } {
		this.checkNonces(r);
		if (!this.tmp || !this.dhPrivate || !this.newNonce)
			throw new HandshakeError('no req_DH_params yet');
		const enc = r.bytes();
		if (enc.length % 16 !== 0) throw new HandshakeError('encrypted_data not block-aligned');
		const plain = igeDecrypt(enc, this.tmp[0], this.tmp[1]);
		const inner = plain.subarray(20);
		const ir = new TlReader(inner);
		if (ir.uint32() !== ID.clientDhInner) throw new HandshakeError('bad client_DH_inner_data');
		if (!ir.raw(16).equals(this.nonce!) || !ir.raw(16).equals(this.serverNonce!)) {
			throw new HandshakeError('inner nonce mismatch');
		}
		ir.int64();
		const gb = ir.bytes();
		if (!sha1(inner.subarray(0, ir.at)).equals(plain.subarray(0, 20))) {
			throw new HandshakeError('client_DH_inner_data hash mismatch');
		}
		const gbInt = BigInt('0x' + (gb.toString('hex') || '0'));
		const prime = BigInt('0x' + DH_PRIME.toString('hex'));
		if (gbInt <= 1n || gbInt >= prime - 1n) throw new HandshakeError('g_b out of range');
		const secret = dhWith(this.dhPrivate).computeSecret(gb);
		const key = Buffer.alloc(256);
		secret.copy(key, 256 - secret.length);
		const hashed = this.shortKeyHash ? gramJsKeyForm(key) : key;
		const auxHash = sha1(hashed).subarray(0, 8);
		const newNonceHash1 = sha1(this.newNonce, Buffer.from([1]), auxHash).subarray(4, 20);
		const answer = new TlWriter(64)
			.uint32(ID.dhGenOk)
			.raw(this.nonce!)
			.raw(this.serverNonce!)
			.raw(newNonceHash1)
			.done();
		const salt = Buffer.alloc(8);
		for (let i = 0; i < 8; i++) salt[i] = this.newNonce[i] ^ this.serverNonce![i];
		this.dhPrivate = undefined;
		this.tmp = undefined;
		return { answer, done: { key, initialSalt: salt.readBigInt64LE(0) } };
	}
}

/** Length of a p_q_inner_data* object at the start of `b`, or -1. */
function innerLength(b: Buffer): number {
	try {
		const r = new TlReader(b);
		const kind = r.uint32();
		r.bytes();
		r.bytes();
		r.bytes();
		r.raw(64);
		if (kind === ID.pqInnerDc || kind === ID.pqInnerTemp) r.int32();
		else if (kind === ID.pqInnerTempDc) r.raw(8);
		else if (kind !== ID.pqInner) return -1;
		return r.at;
	} catch {
		return -1;
	}
}
