// `npm run bench`: runs every figure of issue 7 against the loopback server, prints one table and
// writes bench/results/<date>.json and latest.json. Asserts nothing about time.
//   npm run bench                 every figure
//   npm run bench -- 1 2 6        only these figures (by id)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

import { closeAllClients } from '../nodes/shared/transport/pool';
import { figures } from './figures';
import { SkipFigure, type FigureRow } from './figures/types';
import { startBenchServer } from './lib/server';
import { round } from './lib/stats';

interface FigureOutcome {
	id: string;
	title: string;
	ms: number;
	status: 'done' | 'skipped' | 'failed';
	reason?: string;
	rows: FigureRow[];
}

function machine() {
	const gramjs = JSON.parse(readFileSync(require.resolve('telegram/package.json'), 'utf8')) as {
		version: string;
	};
	return {
		cores: cpus().length,
		cpu: cpus()[0]?.model ?? 'unknown',
		memoryGb: round(totalmem() / 2 ** 30, 1),
		loadAverage: loadavg().map((l) => round(l)),
		node: process.version,
		gramjs: gramjs.version,
	};
}

function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what}: over its time limit (${ms} ms)`)), ms);
	});
	return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const verdict = (row: FigureRow): string => {
	const { goal, value } = row;
	if (!goal) return '';
	const ok =
		(goal.max === undefined || value.median <= goal.max) &&
		(goal.min === undefined || value.median >= goal.min);
	const text = goal.max !== undefined ? `≤ ${goal.max}` : `≥ ${goal.min}`;
	return `${text} ${ok ? 'met' : 'MISSED'}`;
};

function printTable(outcomes: FigureOutcome[]): void {
	const digits = (unit: string) => (unit === 'ratio' ? 2 : unit === 'ms' ? 1 : 0);
	const table = outcomes.flatMap((o) =>
		o.status === 'done'
			? o.rows.map((row) => ({
					fig: row.figure,
					metric: row.metric,
					median: round(row.value.median, digits(row.unit)),
					p10: row.value.n > 1 ? round(row.value.p10, digits(row.unit)) : '',
					p90: row.value.n > 1 ? round(row.value.p90, digits(row.unit)) : '',
					n: row.value.n,
					unit: row.unit,
					goal: verdict(row),
				}))
			: [{ fig: o.id, metric: `${o.title}: ${o.status} — ${o.reason ?? ''}` }],
	);
	console.table(table);
	for (const row of outcomes.flatMap((o) => o.rows)) {
		if (row.note) console.log(`  ${row.figure}: ${row.note}`);
	}
}

async function main(): Promise<void> {
	const only = process.argv.slice(2).filter((a) => /^\w+$/.test(a));
	const chosen = figures.filter((f) => !only.length || only.includes(f.id));
	const started = Date.now();
	const before = machine();
	console.log(
		`bench: ${before.cores} cores (${before.cpu}), load ${before.loadAverage.join(' ')}, ` +
			`Node ${before.node}, GramJS ${before.gramjs}; figures ${chosen.map((f) => f.id).join(' ')}`,
	);
	const server = await startBenchServer();
	const outcomes: FigureOutcome[] = [];
	try {
		for (const figure of chosen) {
			const t0 = Date.now();
			const log = (message: string) => console.error(`  [${figure.id}] ${message}`);
			log(`${figure.title} (budget ${figure.budgetMs / 1000} s)`);
			try {
				const rows = await withDeadline(
					figure.run({ server, budgetMs: figure.budgetMs, log }),
					figure.budgetMs * 1.5,
					`figure ${figure.id}`,
				);
				outcomes.push({ ...figure, ms: Date.now() - t0, status: 'done', rows });
			} catch (error) {
				const skipped = error instanceof SkipFigure;
				const reason = error instanceof Error ? error.message : String(error);
				if (!skipped) console.error(error);
				outcomes.push({
					...figure,
					ms: Date.now() - t0,
					status: skipped ? 'skipped' : 'failed',
					reason,
					rows: [],
				});
				await closeAllClients();
			}
			log(`${Math.round((Date.now() - t0) / 1000)} s`);
		}
	} finally {
		await server.stop();
	}
	const after = machine();
	console.log(
		`\nbench ${new Date().toISOString()} — ${after.cores} cores, load before ${before.loadAverage.join(' ')}, ` +
			`after ${after.loadAverage.join(' ')}, GramJS ${after.gramjs}, ${Math.round((Date.now() - started) / 1000)} s`,
	);
	printTable(outcomes);
	const date = new Date().toISOString();
	const result = {
		date,
		machine: { ...before, loadAverageAfter: after.loadAverage },
		seconds: Math.round((Date.now() - started) / 1000),
		figures: outcomes.map(({ rows, ...o }) => ({
			...o,
			rows: rows.map((row) => ({ ...row, verdict: verdict(row) || undefined })),
		})),
	};
	const dir = join(__dirname, 'results');
	mkdirSync(dir, { recursive: true });
	const text = `${JSON.stringify(result, null, 2)}\n`;
	const file = join(dir, `${date.replace(/[:.]/g, '-')}.json`);
	writeFileSync(file, text);
	writeFileSync(join(dir, 'latest.json'), text);
	console.log(`written ${file} and bench/results/latest.json`);
}

main()
	.catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	})
	// A figure that ran over its limit may leave work behind: the bench still ends.
	.finally(() => setTimeout(() => process.exit(), 2000).unref());
