// The server half of Telegram's 2FA SRP (core.telegram.org/api/srp), so auth.checkPassword verifies
// the client's M1 for real and a wrong password gets PASSWORD_HASH_INVALID.
import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import type { PasswordState } from './types';

/** Telegram's 2048-bit safe prime (the one GramJS's computeCheck accepts), g = 3. */
export const SRP_P_HEX =
	'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d2' +
	'2530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc97465129693284' +
	'54f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a69581' +
	'1051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d' +
	'169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850c' +
	'e929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b';
export const SRP_P = Buffer.from(SRP_P_HEX, 'hex');
export const SRP_G = 3;
const p = BigInt('0x' + SRP_P_HEX);
const g = BigInt(SRP_G);

const sha256 = (...parts: Buffer[]): Buffer => {
	const h = createHash('sha256');
	for (const x of parts) h.update(x);
	return h.digest();
};

export const toBig = (b: Buffer): bigint => (b.length ? BigInt('0x' + b.toString('hex')) : 0n);

export function pad256(n: bigint): Buffer {
	const hex = n.toString(16).padStart(512, '0');
	return Buffer.from(hex, 'hex');
}

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
	let result = 1n;
	let b = base % mod;
	let e = exp;
	while (e > 0n) {
		if (e & 1n) result = (result * b) % mod;
		b = (b * b) % mod;
		e >>= 1n;
	}
	return result;
}

/** PH2 of the spec: the password hash x. */
export function passwordHash(password: string, salt1: Buffer, salt2: Buffer): Buffer {
	const sh = (data: Buffer, salt: Buffer) => sha256(salt, data, salt);
	const ph1 = sh(sh(Buffer.from(password, 'utf8'), salt1), salt2);
	return sh(pbkdf2Sync(ph1, salt1, 100000, 64, 'sha512'), salt2);
}

export function makePasswordState(password: string, hint?: string): PasswordState {
	const salt1 = randomBytes(40);
	const salt2 = randomBytes(16);
	const x = toBig(passwordHash(password, salt1, salt2));
	return { salt1, salt2, v: pad256(modPow(g, x, p)), hint };
}

const k = toBig(sha256(SRP_P, pad256(g)));

/** A fresh server round: B = k·v + g^b mod p (with B checked the way clients check it). */
export function newSrpRound(state: PasswordState): { id: string; b: bigint; B: Buffer } {
	const v = toBig(state.v);
	for (;;) {
		const b = toBig(randomBytes(256));
		const B = (((k * v) % p) + modPow(g, b, p)) % p;
		if (isGood(B)) {
			const id = randomBytes(8).readBigInt64LE(0).toString();
			return { id, b, B: pad256(B) };
		}
	}
}

function isGood(x: bigint): boolean {
	const bits = (n: bigint) => n.toString(2).length;
	return x > 0n && x < p && bits(x) >= 2048 - 64 && bits(p - x) >= 2048 - 64;
}

/** Checks the client's proof M1 for this round. */
export function verifyM1(state: PasswordState, A: Buffer, M1: Buffer): boolean {
	if (!state.srp) return false;
	const a = toBig(A);
	if (a <= 0n || a >= p) return false;
	const Apad = pad256(a);
	const Bpad = state.srp.B;
	const u = toBig(sha256(Apad, Bpad));
	const S = modPow((a * modPow(toBig(state.v), u, p)) % p, state.srp.b, p);
	const K = sha256(pad256(S));
	const hp = sha256(SRP_P);
	const hg = sha256(pad256(g));
	for (let i = 0; i < hp.length; i++) hp[i] ^= hg[i];
	const expected = sha256(hp, sha256(state.salt1), sha256(state.salt2), Apad, Bpad, K);
	return expected.length === M1.length && expected.equals(M1);
}
