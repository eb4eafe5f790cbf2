// Figure 3n's reference rows: our node beside n8n's Code node returning the very same items in a
// second n8n with the same settings, saved (n8n's default) and, in two more n8n processes, not saved.
import type { ReferenceRun } from '../lib/n8n-reference';
import type { MeasuredRun } from '../lib/n8n-runs';
import { round, spread } from '../lib/stats';
import { single, type FigureRow } from './types';

const median = (values: number[]) => spread(values).median;
const mb = (values: number[]) => values.map((v) => Math.round(v)).join(', ');
const largest = (runs: MeasuredRun[]) => Math.max(...runs.map((r) => r.rssGrowthMb));
const runner = (runs: MeasuredRun[]) => Math.max(...runs.map((r) => r.runnerGrowthMb ?? NaN));

export function referenceRows(
	tag: string,
	size: number,
	jsonMb: number,
	ours: MeasuredRun[],
	reference: ReferenceRun[],
): FigureRow[] {
	const oursMs = median(ours.map((r) => r.wallMs));
	const refMs = median(reference.map((r) => r.wallMs));
	const refGrowth = largest(reference);
	return [
		{
			figure: `${tag}r`,
			metric: `n8n reference: the same ${size} items from n8n's Code node, whole execution (saved)`,
			unit: 'ms',
			value: spread(reference.map((r) => r.wallMs)),
			note: `Code node executionTime ${Math.round(median(reference.map((r) => r.nodeMs)))} ms (its task runner reads and parses the items' JSON file, n8n takes them over); our node's whole execution ${Math.round(oursMs)} ms`,
		},
		{
			figure: `${tag}rx`,
			metric: `n8n: our whole execution ÷ the Code-node reference's (${size}, same items, saved)`,
			unit: 'ratio',
			value: single(oursMs / refMs),
		},
		{
			figure: `${tag}rm`,
			metric: `n8n reference: RSS growth of the n8n process for the same ${size} items from a Code node`,
			unit: 'MB',
			value: single(round(refGrowth, 1)),
			note: `largest of ${reference.length} (${mb(reference.map((r) => r.rssGrowthMb))} MB; ours ${mb(ours.map((r) => r.rssGrowthMb))} MB) = ${round(refGrowth / jsonMb, 1)} × the JSON; its task runner process grew another ${Math.round(runner(reference))} MB`,
		},
		{
			figure: `${tag}rmx`,
			metric: `n8n: our RSS growth ÷ the Code-node reference's (${size}, same items, saved)`,
			unit: 'ratio',
			value: single(largest(ours) / refGrowth),
		},
	];
}

export function unsavedRows(
	tag: string,
	size: number,
	runs: { ours: MeasuredRun[]; reference: MeasuredRun[] },
): FigureRow[] {
	const { ours, reference } = runs;
	const before = (list: MeasuredRun[]) => mb(list.map((r) => r.rssBeforeMb));
	return [
		{
			figure: `${tag}u`,
			metric: `n8n, run not saved (saveDataSuccessExecution none): Collect History ${size}, whole execution`,
			unit: 'ms',
			value: spread(ours.map((r) => r.wallMs)),
			note: `the Code-node reference not saved: ${Math.round(median(reference.map((r) => r.wallMs)))} ms`,
		},
		{
			figure: `${tag}um`,
			metric: `n8n, run not saved: RSS growth of the n8n process during a ${size}-message collect`,
			unit: 'MB',
			value: single(round(largest(ours), 1)),
			note: `largest of ${ours.length}; the Code-node reference not saved: ${Math.round(largest(reference))} MB (runner ${Math.round(runner(reference))} MB); each in an n8n of its own; RSS before, ours ${before(ours)} MB, reference ${before(reference)} MB`,
		},
	];
}
