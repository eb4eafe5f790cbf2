// Telegram's rule for one auth key used from two places at once (AUTH_KEY_DUPLICATED, 406): a key
// seen on connections from two different network addresses at the same time is invalidated for
// good, and every later request on it, from anywhere, fails with 406 AUTH_KEY_DUPLICATED (the
// user must log in again). Several connections and sessions of one key from one address are
// normal (TDLib and Telegram Desktop open several per key). See docs/decisions/0010-queue-mode.md.
import type { AuthKeyRecord } from './types';

/** A live connection as the rule sees it (also what the control API lists). */
export interface ConnectionInfo {
	/** Increasing per server process. */
	connectionId: number;
	/** Where the client connects from: its IP address (per-process in the queue tests). */
	place: string;
	/** The client's TCP port (tells processes on one address apart, e.g. with `ss -tnp`). */
	clientPort: number;
	dcId: number;
	/** auth_key_id as a decimal string. */
	authKeyId: string;
	userId?: number;
	openedAt: number;
	/** Set once the key was invalidated for use from two places at once. */
	duplicatedAt?: number;
}

interface Open {
	record: AuthKeyRecord;
	place: string;
	clientPort: number;
	dcId: number;
	openedAt: number;
}

export class KeyPlaces {
	private readonly open = new Map<number, Open>();
	/** Per key: place → when its last connection closed (for the grace window). */
	private readonly lastClosed = new Map<bigint, Map<string, number>>();

	constructor(
		/**
		 * A connection from a new place within this many ms after another place's last connection
		 * closed counts as concurrent too (proxy rotation is punished in practice); 0 = only
		 * connections open at the same moment.
		 */
		public windowMs = 0,
		/** false: track connections but never invalidate a key. */
		public enforce = true,
	) {}

	/** A connection's first encrypted packet under `record` (after the admit check). */
	opened(
		connectionId: number,
		record: AuthKeyRecord,
		client: { place: string; port: number },
		dcId: number,
	): void {
		const now = Date.now();
		const place = client.place;
		this.open.set(connectionId, { record, place, clientPort: client.port, dcId, openedAt: now });
		if (!this.enforce || record.duplicatedAt !== undefined) return;
		const elsewhere = [...this.open.values()].some(
			(o) => o.record.id === record.id && o.place !== place,
		);
		const recent = [...(this.lastClosed.get(record.id) ?? new Map<string, number>())].some(
			([p, at]) => p !== place && now - at <= this.windowMs,
		);
		if (elsewhere || recent) record.duplicatedAt = now;
	}

	closed(connectionId: number): void {
		const o = this.open.get(connectionId);
		if (!o) return;
		this.open.delete(connectionId);
		let byPlace = this.lastClosed.get(o.record.id);
		if (!byPlace) this.lastClosed.set(o.record.id, (byPlace = new Map()));
		byPlace.set(o.place, Date.now());
	}

	list(): ConnectionInfo[] {
		return [...this.open.entries()].map(([connectionId, o]) => ({
			connectionId,
			place: o.place,
			clientPort: o.clientPort,
			dcId: o.dcId,
			authKeyId: o.record.id.toString(),
			userId: o.record.userId === undefined ? undefined : Number(o.record.userId),
			openedAt: o.openedAt,
			duplicatedAt: o.record.duplicatedAt,
		}));
	}
}

/** The address a socket comes from, without the IPv4-mapped prefix. */
export function placeOfAddress(address: string | undefined): string {
	return (address ?? 'unknown').replace(/^::ffff:/, '');
}
