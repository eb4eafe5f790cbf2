// The durable part of a trigger, kept in the workflow's static data: the update position, the
// messages handed to n8n whose executions were not confirmed yet, and a window of emitted keys.
// n8n writes static data (fire-and-forget) at each emit, so it is brought up to date before emit.
import type { IDataObject } from 'n8n-workflow';

import type { UpdateState } from '../shared/updates/types';

/** A message the trigger took on and whose execution has not been confirmed finished. */
export interface PendingEntry {
	key: string;
	/** 'common' or the bare channel id, and the box's pts before this message. */
	box: string;
	pts: number;
	/** Message id of a new message: a resume also moves the box's handed-out id back before it. */
	id?: number;
	/** False while held back (an album being gathered, a catch-up being trimmed). */
	emitted: boolean;
}

interface Saved {
	v: 1;
	position?: UpdateState;
	pending: PendingEntry[];
	seen: string[];
}

/** Keys of emitted messages remembered across restarts (de-duplication of replays). */
export const SEEN_WINDOW = 500;

const clone = (s: UpdateState): UpdateState => ({
	...s,
	channels: { ...s.channels },
	...(s.maxIds ? { maxIds: { ...s.maxIds } } : {}),
});

function readSaved(data: IDataObject): Saved {
	const position = data.position as UpdateState | undefined;
	const ok = position && typeof position.pts === 'number' && typeof position.channels === 'object';
	return {
		v: 1,
		position: ok ? clone(position) : undefined,
		pending: Array.isArray(data.pending) ? (data.pending as unknown as PendingEntry[]) : [],
		seen: Array.isArray(data.seen) ? (data.seen as string[]).map(String) : [],
	};
}

/** The box's pts in a state (undefined when the state does not follow that channel). */
export function ptsOf(state: UpdateState, box: string): number | undefined {
	return box === 'common' ? state.pts : state.channels[box];
}

export function setPts(state: UpdateState, box: string, pts: number): void {
	if (box === 'common') state.pts = pts;
	else state.channels[box] = pts;
}

/** Per box the larger pts, and the newer of qts / seq / date. */
export function mergeStates(a: UpdateState, b: UpdateState): UpdateState {
	const out = clone(a);
	out.pts = Math.max(a.pts, b.pts);
	out.qts = Math.max(a.qts, b.qts);
	out.seq = Math.max(a.seq, b.seq);
	out.date = Math.max(a.date, b.date);
	for (const [box, pts] of Object.entries(b.channels)) {
		out.channels[box] = Math.max(out.channels[box] ?? 0, pts);
	}
	for (const [box, id] of Object.entries(b.maxIds ?? {})) {
		out.maxIds = out.maxIds ?? {};
		out.maxIds[box] = Math.max(out.maxIds[box] ?? 0, id);
	}
	return out;
}

export class PositionStore {
	private readonly seenSet: Set<string>;
	private readonly seenList: string[];
	/** Keys that were pending when the trigger was last stopped: a replay of them is re-emitted. */
	private readonly unconfirmed: Set<string>;
	readonly restored: Saved;

	constructor(
		private readonly data: IDataObject,
		private readonly window = SEEN_WINDOW,
	) {
		this.restored = readSaved(data);
		this.seenList = this.restored.seen.slice(-window);
		this.seenSet = new Set(this.seenList);
		this.unconfirmed = new Set(this.restored.pending.map((p) => p.key));
	}

	/**
	 * Where to resume: the saved position, moved back before every message that may not have
	 * run. `rollBackEmitted`: also before emitted but unconfirmed ones (n8n refuses a replay whose
	 * execution exists, by its deduplication key; without that, a replay would be a duplicate).
	 */
	resumeFrom(rollBackEmitted: boolean): UpdateState | undefined {
		const position = this.restored.position;
		if (!position) return undefined;
		const state = clone(position);
		for (const p of this.restored.pending) {
			if (p.emitted && !rollBackEmitted) continue;
			const now = ptsOf(state, p.box);
			if (now === undefined || p.pts < now) setPts(state, p.box, p.pts);
			const maxId = state.maxIds?.[p.box];
			if (state.maxIds && p.id !== undefined && maxId !== undefined && p.id <= maxId) {
				state.maxIds[p.box] = p.id - 1;
			}
		}
		return state;
	}

	/** True when this key was emitted before and is known to have run (or cannot be re-run). */
	alreadyEmitted(key: string, replayUnconfirmed: boolean): boolean {
		if (!this.seenSet.has(key)) return false;
		return !(replayUnconfirmed && this.unconfirmed.has(key));
	}

	markEmitted(keys: string[]): void {
		for (const key of keys) {
			this.unconfirmed.delete(key);
			if (this.seenSet.has(key)) continue;
			this.seenSet.add(key);
			this.seenList.push(key);
		}
		while (this.seenList.length > this.window) this.seenSet.delete(this.seenList.shift()!);
	}

	/** Writes the position, pending entries and window into static data (top-level keys, so n8n
	 * marks the data changed and saves it at the next emit). */
	save(position: UpdateState | undefined, pending: Iterable<PendingEntry>): void {
		if (position) this.data.position = clone(position) as unknown as IDataObject;
		this.data.pending = [...pending].map((p) => ({ ...p })) as unknown as IDataObject[];
		this.data.seen = [...this.seenList];
		this.data.v = 1;
	}
}
