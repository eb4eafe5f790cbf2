// What the trigger holds back before emitting: the parts of an album (when it is delivered as one
// item) and, in "last N messages per chat" catch-up, the burst of missed messages being trimmed.
import { sleep } from 'n8n-workflow';

import type { MessageEvent, UpdateEvent } from '../shared/updates/types';
import type { Delivery } from './output';
import type { TriggerSettings } from './settings';

/** Album parts arrive together; a part later than this after the previous one starts anew. */
export const ALBUM_WAIT_MS = 800;
/** Telegram albums have at most 10 parts. */
const ALBUM_MAX = 10;
/** A catch-up burst is over when no missed message came for this long. */
export const CATCH_UP_QUIET_MS = 1500;

export type Flushable = 'album' | 'catchUp';

type FlushJob = { type: 'flush'; what: Flushable; force: boolean };

interface OpenAlbum {
	id: string;
	delivery: Delivery;
	last: number;
}

export class Gatherer {
	private album?: OpenAlbum;
	private readonly rings = new Map<string, Array<{ seq: number; d: Delivery }>>();
	private seq = 0;
	private lastCatchUp = 0;
	private readonly abort = new AbortController();
	private readonly armed = new Set<Flushable>();
	/** Deliveries the catch-up bound dropped (done without an execution). */
	onDrop: (d: Delivery) => void = () => undefined;

	constructor(
		private readonly s: TriggerSettings,
		private readonly schedule: (job: FlushJob) => void,
	) {}

	add(d: Delivery, event: UpdateEvent): Delivery[] {
		const groupedId = event.kind === 'new' ? (event as MessageEvent).message.groupedId : undefined;
		if (this.s.albumAsOne && groupedId !== undefined && groupedId !== null) {
			const id = `${d.chatId}:${String(groupedId)}`;
			if (this.album?.id === id) {
				const a = this.album.delivery;
				a.events.push(...d.events);
				a.keys.push(...d.keys);
				a.entries.push(...d.entries);
				a.catchUp &&= d.catchUp;
				this.album.last = Date.now();
				return a.events.length >= ALBUM_MAX ? this.closeAlbum() : [];
			}
			const out = this.closeAlbum();
			this.album = { id, delivery: d, last: Date.now() };
			this.later('album', ALBUM_WAIT_MS);
			return out;
		}
		return [...this.closeAlbum(), ...this.route(d)];
	}

	flush(what: Flushable, force: boolean): Delivery[] {
		if (what === 'album') {
			if (!this.album) return [];
			const idle = Date.now() - this.album.last;
			if (force || idle >= ALBUM_WAIT_MS) return this.closeAlbum();
			this.later('album', ALBUM_WAIT_MS - idle);
			return [];
		}
		const idle = Date.now() - this.lastCatchUp;
		if (!force && idle < CATCH_UP_QUIET_MS) {
			this.later('catchUp', CATCH_UP_QUIET_MS - idle);
			return [];
		}
		return this.release();
	}

	close(): void {
		this.abort.abort();
		this.album = undefined;
		this.rings.clear();
	}

	private closeAlbum(): Delivery[] {
		const album = this.album;
		this.album = undefined;
		return album ? this.route(album.delivery) : [];
	}

	/** Catch-up bounded by "last N per chat" waits in a ring per chat; the rest goes on. */
	private route(d: Delivery): Delivery[] {
		const bounded = this.s.catchUp.mode === 'messages' && d.catchUp;
		if (!bounded) return [...this.release(), d];
		let ring = this.rings.get(d.chatId);
		if (!ring) this.rings.set(d.chatId, (ring = []));
		ring.push({ seq: this.seq++, d });
		if (ring.length > this.s.catchUp.messages) this.onDrop(ring.shift()!.d);
		this.lastCatchUp = Date.now();
		this.later('catchUp', CATCH_UP_QUIET_MS);
		return [];
	}

	private release(): Delivery[] {
		if (!this.rings.size) return [];
		const all = [...this.rings.values()].flat().sort((a, b) => a.seq - b.seq);
		this.rings.clear();
		return all.map((x) => x.d);
	}

	/** One timer per kind at a time (a catch-up of 10,000 messages must not arm 10,000). */
	private later(what: Flushable, ms: number): void {
		if (this.abort.signal.aborted || this.armed.has(what)) return;
		this.armed.add(what);
		sleep(ms, this.abort.signal).then(
			() => {
				this.armed.delete(what);
				this.schedule({ type: 'flush', what, force: false });
			},
			() => undefined,
		);
	}
}
