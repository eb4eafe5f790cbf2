// Median and spread of timed samples: every figure reports a median with p10 / p90, never a mean
// (shared, noisy machines produce long tails that would swamp a mean).

export interface Spread {
	n: number;
	median: number;
	p10: number;
	p90: number;
}

/** Linear-interpolated quantile of unsorted samples (q in 0..1). */
export function quantile(samples: number[], q: number): number {
	if (!samples.length) return NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const pos = (sorted.length - 1) * q;
	const lo = Math.floor(pos);
	const hi = Math.ceil(pos);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function spread(samples: number[]): Spread {
	return {
		n: samples.length,
		median: quantile(samples, 0.5),
		p10: quantile(samples, 0.1),
		p90: quantile(samples, 0.9),
	};
}

/** Rounds to `digits` significant decimals for the table and the JSON file. */
export function round(value: number, digits = 2): number {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}

/** Milliseconds since `start` (a process.hrtime.bigint() reading), as a float. */
export function msSince(start: bigint): number {
	return Number(process.hrtime.bigint() - start) / 1e6;
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
	const start = process.hrtime.bigint();
	await fn();
	return msSince(start);
}

/** Stops a repeat loop when either the count or the time budget runs out. */
export class Budget {
	private readonly until: number;
	constructor(ms: number) {
		this.until = Date.now() + ms;
	}
	get left(): number {
		return this.until - Date.now();
	}
	get spent(): boolean {
		return Date.now() >= this.until;
	}
}
