// Peer keys, access hashes and id conversions shared by the world and the methods.
import { createHash } from 'node:crypto';
import bigInt from 'big-integer';
import type { PeerRef, PeerType } from './types';

export const peerKey = (p: PeerRef): string => `${p.type}:${p.id}`;
export const userPeer = (id: number): PeerRef => ({ type: 'user', id });
export const chatPeer = (id: number): PeerRef => ({ type: 'chat', id });
export const channelPeer = (id: number): PeerRef => ({ type: 'channel', id });

/** Box owner key for MsgCore.copies: a user id, or minus a channel id. */
export const channelOwner = (channelId: number): number => -channelId;

/** GramJS hands us big-integer objects (or numbers) for TL longs. */
export function toNum(x: unknown): number {
	if (typeof x === 'number') return x;
	if (typeof x === 'bigint') return Number(x);
	if (x && typeof (x as { toString(): string }).toString === 'function') {
		return Number((x as { toString(): string }).toString());
	}
	return 0;
}

export const toStr = (x: unknown): string =>
	typeof x === 'string' ? x : x === undefined || x === null ? '0' : String(x);

export const long = (x: number | string | bigint) => bigInt(String(x));

/**
 * Telegram's access hashes depend on who looks: a hash one account got is wrong for another.
 * Derived from a per-world secret so they need no storage.
 */
export class AccessHashes {
	private readonly cache = new Map<string, string>();
	constructor(private readonly secret: string) {}

	of(viewerId: number, type: PeerType, targetId: number): string {
		const k = `${viewerId}/${type}/${targetId}`;
		let h = this.cache.get(k);
		if (h === undefined) {
			const d = createHash('sha256').update(`${this.secret}/${k}`).digest();
			h = d.readBigInt64LE(0).toString();
			if (h === '0') h = '1';
			this.cache.set(k, h);
		}
		return h;
	}

	check(viewerId: number, type: PeerType, targetId: number, given: unknown): boolean {
		return this.of(viewerId, type, targetId) === toStr(given);
	}
}

/** Index of the first element > x in an ascending array. */
export function upperBound(a: number[], x: number): number {
	let lo = 0;
	let hi = a.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (a[mid] <= x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** Index of the first element >= x in an ascending array. */
export function lowerBound(a: number[], x: number): number {
	let lo = 0;
	let hi = a.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (a[mid] < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

export function removeSorted(a: number[], x: number): void {
	const i = lowerBound(a, x);
	if (a[i] === x) a.splice(i, 1);
}
