// One consumer of an account's engine: its own position, its own catch-up, and a filter that hands
// it each event once (by exact pts for live events, by chat + message id for recovered ones).
import { eventKey } from './events';
import type { UpdateEvent, UpdateListener, UpdateState } from './types';

/** An event as the engine produced it; `exact`: its position is the pts of this very update. */
export interface Delivery {
	event: UpdateEvent;
	exact: boolean;
}

/** Keys of events recently handed out: covers a catch-up overlapping the live stream. */
const SEEN_WINDOW = 5000;

export function copyState(state: UpdateState): UpdateState {
	return { ...state, channels: { ...state.channels }, maxIds: { ...state.maxIds } };
}

function mergeMax(a: Record<string, number> = {}, b: Record<string, number> = {}) {
	const out = { ...a };
	for (const [key, value] of Object.entries(b)) out[key] = Math.max(out[key] ?? 0, value);
	return out;
}

/** Each field at its furthest: positions only move forward. */
export function furthest(a: UpdateState, b: UpdateState): UpdateState {
	const channels = { ...a.channels };
	for (const [id, pts] of Object.entries(b.channels))
		channels[id] = Math.max(channels[id] ?? 0, pts);
	return {
		pts: Math.max(a.pts, b.pts),
		qts: Math.max(a.qts, b.qts),
		seq: Math.max(a.seq, b.seq),
		date: Math.max(a.date, b.date),
		channels: mergeMax(a.channels, b.channels),
		maxIds: mergeMax(a.maxIds, b.maxIds),
	};
}

/** Raises the box's highest handed-out message id to this new message's. */
export function noteMaxId(maxIds: Record<string, number>, event: UpdateEvent): void {
	if (event.kind !== 'new' || typeof event.message.id !== 'number') return;
	const box = event.position.box;
	maxIds[box] = Math.max(maxIds[box] ?? 0, event.message.id);
}

export class Subscriber {
	/** True while its own catch-up runs: live events wait in `queued`. */
	catchingUp = false;
	closed = false;
	private queued: Delivery[][] = [];
	private readonly seen = new Set<string>();
	onListenerError?: (error: unknown) => void;

	constructor(
		readonly listener: UpdateListener,
		public position: UpdateState,
	) {}

	/** Hands a batch over (or queues it during the catch-up); `after` is the engine's position. */
	deliver(batch: Delivery[], after?: UpdateState): void {
		if (this.closed) return;
		if (this.catchingUp) {
			this.queued.push(batch);
			return;
		}
		const events = batch.filter((d) => this.fresh(d)).map((d) => d.event);
		for (const event of events) this.advance(event);
		if (after) this.position = furthest(this.position, after);
		if (!events.length) return;
		try {
			this.listener.onEvents(events);
		} catch (error) {
			// A consumer's bug must not stop the engine the other subscribers share.
			this.onListenerError?.(error);
		}
	}

	/** Hands over a batch of its own catch-up (live events keep waiting in the queue). */
	handOver(batch: Delivery[]): void {
		const waiting = this.catchingUp;
		this.catchingUp = false;
		this.deliver(batch);
		this.catchingUp = waiting;
	}

	/** Ends the catch-up: the queued live events it did not already cover are handed over. */
	goLive(engine: UpdateState): void {
		this.catchingUp = false;
		const queued = this.queued;
		this.queued = [];
		for (const batch of queued) this.deliver(batch);
		this.position = furthest(this.position, engine);
	}

	private fresh(d: Delivery): boolean {
		const { box, pts } = d.event.position;
		if (d.exact) {
			const known = box === 'common' ? this.position.pts : this.position.channels[box];
			if (known !== undefined && pts <= known) return false;
		}
		const key = eventKey(d.event);
		if (this.seen.has(key)) return false;
		this.seen.add(key);
		if (this.seen.size > SEEN_WINDOW) this.seen.delete(this.seen.values().next().value as string);
		return true;
	}

	private advance(event: UpdateEvent): void {
		const { box, pts } = event.position;
		if (event.kind === 'new') noteMaxId((this.position.maxIds ??= {}), event);
		if (box === 'common') this.position.pts = Math.max(this.position.pts, pts);
		else this.position.channels[box] = Math.max(this.position.channels[box] ?? 0, pts);
	}
}
