// One sequence box of Telegram's "Working with updates": the account's pts, a channel's pts, or the
// account's seq. Pure and clock-free (the caller passes `now`), so it is tested step by step.

/** How long a possible gap may stay open before the difference is asked for. */
export const GAP_WAIT_MS = 500;

export interface Step<T> {
	/** The box value after this step (pts, or seq for the seq box). */
	value: number;
	/** How far it moves the box (pts_count; seq_end - seq_start + 1). */
	count: number;
	item: T;
}

export interface Offer<T> {
	/** Steps that now apply, in order (the offered one and any held ones it unblocked). */
	apply: Array<Step<T>>;
	/** The step was older than the box: a duplicate or already covered. */
	ignored: boolean;
}

export class SequenceBox<T> {
	private held: Array<Step<T>> = [];
	/** When the oldest open gap must be filled from the difference (ms); undefined: no gap. */
	gapDeadline?: number;

	/** `value` undefined: the box has no base yet and takes the first step as it is. */
	constructor(public value?: number) {}

	offer(step: Step<T>, now: number): Offer<T> {
		if (this.value === undefined) {
			this.value = step.value;
			return { apply: [step], ignored: false };
		}
		const expected = this.value + step.count;
		if (expected > step.value || (step.count === 0 && step.value < this.value)) {
			return { apply: [], ignored: true };
		}
		if (expected < step.value) {
			if (!this.held.some((h) => h.value === step.value)) {
				this.held.push(step);
				this.held.sort((a, b) => a.value - b.value);
			}
			this.gapDeadline ??= now + GAP_WAIT_MS;
			return { apply: [], ignored: false };
		}
		this.value = step.value;
		const apply = [step, ...this.drain()];
		return { apply, ignored: false };
	}

	/** True when a gap has waited long enough: the caller fetches the difference. */
	gapExpired(now: number): boolean {
		return this.gapDeadline !== undefined && now >= this.gapDeadline;
	}

	/**
	 * The difference brought the box to `value`: held steps it covers are dropped, the rest are
	 * returned in order if they now apply (a gap past them stays open).
	 */
	reset(value: number, now: number): Array<Step<T>> {
		// Positions only move forward (a late answer from a replaced connection may lag behind).
		if (this.value !== undefined && value < this.value) return [];
		this.value = value;
		this.held = this.held.filter((h) => h.value > value);
		this.gapDeadline = undefined;
		const apply = this.drain();
		if (this.held.length) this.gapDeadline = now + GAP_WAIT_MS;
		return apply;
	}

	get holding(): number {
		return this.held.length;
	}

	private drain(): Array<Step<T>> {
		const out: Array<Step<T>> = [];
		while (this.held.length && this.value !== undefined) {
			const next = this.held[0];
			const expected = this.value + next.count;
			if (expected > next.value) {
				this.held.shift();
				continue;
			}
			if (expected < next.value) break;
			this.held.shift();
			this.value = next.value;
			out.push(next);
		}
		if (!this.held.length) this.gapDeadline = undefined;
		return out;
	}
}
