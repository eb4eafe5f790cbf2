// What one figure of the bench is: a budgeted run that returns rows for the shared table.
// Adding a figure (the trigger's, say) = one file exporting a Figure + one line in figures/index.ts.
import type { BenchServer } from '../lib/server';
import type { Spread } from '../lib/stats';

export interface Goal {
	/** The median must be at most this (ratios, times, MB)… */
	max?: number;
	/** …or at least this (counts, rates). */
	min?: number;
}

export interface FigureRow {
	/** Figure number of issue 7 plus a letter when a figure has several rows: '2', '3a'. */
	figure: string;
	metric: string;
	unit: string;
	value: Spread;
	goal?: Goal;
	note?: string;
}

export interface BenchEnv {
	/** The shared loopback server (its own process). Figures that need another one start it. */
	server: BenchServer;
	/** Time this figure may take (ms); it sizes its repeats to fit. */
	budgetMs: number;
	/** Progress lines (stderr), so a long figure shows it is alive. */
	log(message: string): void;
}

export interface Figure {
	id: string;
	title: string;
	/** Wall-clock budget; the runner gives up on the figure after 1.5 × this. */
	budgetMs: number;
	run(env: BenchEnv): Promise<FigureRow[]>;
}

/** Thrown by a figure that cannot run here (n8n not installed…): printed, not a failure. */
export class SkipFigure extends Error {}

/** A single reading (no spread), e.g. a peak RSS or a count. */
export const single = (value: number): Spread => ({ n: 1, median: value, p10: value, p90: value });
