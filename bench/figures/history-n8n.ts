// Figure 3n: Collect History of one private chat (10,000 and 100,000 messages) in a real n8n, as
// a whole webhook-started execution and the node's own executionTime, each ÷ raw GramJS
// iterMessages over the same server in the same run, at 0 and 50 ms round trip; the n8n
// process's RSS growth beside the output's JSON size; and, at 0 ms, the reference: the very same
// items returned by n8n's Code node in a second n8n with the same settings (n8n's own cost of
// holding and saving them), plus both with the run not saved (saveDataSuccessExecution 'none').
//   BENCH_HISTORY_N8N_SIZES=10000      the reduced run; default 10000,100000
//   BENCH_HISTORY_N8N_LATENCIES=0      skip the 50 ms round trip (the reference runs at 0 only)
import { startN8n, type N8nInstance } from '../../test/n8n/harness';
import { discardTarball, packPackage } from '../../test/n8n/package';
import { ensureRuntime, repoRoot } from '../../test/n8n/runtime';
import { n8nInstalled } from '../lib/n8n';
import { seedChat, type Chat } from '../lib/n8n-chat';
import {
	figureEnv,
	prepareReference,
	referenceRun,
	warmReference,
	type Reference,
	type ReferenceRun,
} from '../lib/n8n-reference';
import { measuredWebhook, newestNodeRun, type MeasuredRun } from '../lib/n8n-runs';
import { startRawHistory, type RawHistory } from '../lib/raw-history';
import { round, spread } from '../lib/stats';
import { referenceRows, unsavedRows } from './history-n8n-rows';
import { single, SkipFigure, type BenchEnv, type Figure, type FigureRow } from './types';

const list = (value: string) =>
	value
		.split(',')
		.map(Number)
		.filter((n) => n >= 0 && Number.isFinite(n));
const latencies = () => list(process.env.BENCH_HISTORY_N8N_LATENCIES ?? '0,50');
const sizes = () => list(process.env.BENCH_HISTORY_N8N_SIZES ?? '10000,100000').filter((n) => n);
/** Goals of issue 16 for whole executions ÷ raw, by size and round trip. */
const GOALS: Record<string, number> = { '10000@0': 1.0, '100000@50': 0.5 };

interface N8nRun extends MeasuredRun {
	nodeMs: number;
	items: number;
	/** The output items as one JSON array, when asked for (the reference returns them). */
	json?: string;
}

async function rawCollect(raw: RawHistory, chat: Chat): Promise<number> {
	const { ms, count } = await raw.collect(chat.peer);
	if (count < chat.size) throw new Error(`raw iterMessages read ${count} of ${chat.size}`);
	return ms;
}

async function n8nCollect(n8n: N8nInstance, chat: Chat, keepJson: boolean): Promise<N8nRun> {
	const run = await measuredWebhook(n8n, chat.fullPath);
	// Only the newest execution, with its data: n8n takes long to load 100,000 items.
	const { items, executionTime } = await newestNodeRun(n8n, chat.workflowId, 'Telegram Account');
	// Messages + the summary item.
	if (items.length < chat.size + 1) {
		throw new Error(`collect ${chat.size}: ${items.length} items in the run data`);
	}
	const json = keepJson ? JSON.stringify(items.map((i) => i.json)) : undefined;
	return { ...run, nodeMs: executionTime, items: items.length, json };
}

/**
 * The figure's n8n processes, all with the same settings, so each one's RSS is its own
 * workload's: our node and the Code-node reference, each with runs saved (n8n's default) and not.
 */
interface Processes {
	ours: N8nInstance;
	reference: N8nInstance;
	oursUnsaved: N8nInstance;
	referenceUnsaved: N8nInstance;
}

/** Our node's and the reference's runs not saved, alternating, each in an n8n of its own. */
async function unsavedRuns(n8ns: Processes, chat: Chat, ref: Reference, repeats: number) {
	const ours: MeasuredRun[] = [];
	const reference: MeasuredRun[] = [];
	for (let i = 0; i < repeats; i++) {
		ours.push(await measuredWebhook(n8ns.oursUnsaved, chat.fullPath));
		reference.push(await measuredWebhook(n8ns.referenceUnsaved, ref.path, true));
	}
	return { ours, reference };
}

/** Adds the rows of one size to `rows` as they are measured (a failure keeps the earlier ones). */
async function measureSize(env: BenchEnv, n8ns: Processes, size: number, rows: FigureRow[]) {
	const n8n = n8ns.ours;
	env.log(`seeding a private chat of ${size} messages`);
	const chat = await seedChat(env.server, n8ns, size);
	// Raw GramJS on n8n's own Node binary, in a process without this package.
	const raw = await startRawHistory(env.server, chat.rawSession, (await ensureRuntime()).node);
	const repeats = size > 20_000 ? 2 : 3;
	try {
		await rawCollect(raw, chat);
		let json: string | undefined;
		let ref: Reference | undefined;
		for (const latencyMs of latencies()) {
			await env.server.control('setLatency', { ms: latencyMs });
			const rawMs: number[] = [];
			const runs: N8nRun[] = [];
			const refRuns: ReferenceRun[] = [];
			// Alternating, so neither side gains from going second.
			for (let i = 0; i < repeats; i++) {
				env.log(`${size} at ${latencyMs} ms: run ${i + 1} of ${repeats}`);
				if (i % 2) runs.push(await n8nCollect(n8n, chat, !json));
				rawMs.push(await rawCollect(raw, chat));
				if (!(i % 2)) runs.push(await n8nCollect(n8n, chat, !json));
				json ??= runs[runs.length - 1].json;
				if (latencyMs || !json) continue;
				// The very items our node output, from n8n's Code node in the other n8n.
				ref ??= await prepareReference(n8ns.reference, size, json, 'all');
				refRuns.push(await referenceRun(n8ns.reference, ref, runs[0].items));
			}
			const rawMedian = spread(rawMs).median;
			const wall = spread(runs.map((r) => r.wallMs));
			const node = spread(runs.map((r) => r.nodeMs));
			const tag = `3n-${size / 1000}k-${latencyMs}`;
			rows.push(
				{
					figure: tag,
					metric: `n8n: Collect History ${size} at ${latencyMs} ms, whole execution ÷ raw iterMessages`,
					unit: 'ratio',
					value: single(wall.median / rawMedian),
					goal: GOALS[`${size}@${latencyMs}`] ? { max: GOALS[`${size}@${latencyMs}`] } : undefined,
					note: `medians of ${repeats}: execution ${Math.round(wall.median)} ms, raw ${Math.round(rawMedian)} ms (webhook call to answer, includes n8n saving the run)`,
				},
				{
					figure: `${tag}t`,
					metric: `n8n: the node's own executionTime ÷ raw iterMessages (${size} at ${latencyMs} ms)`,
					unit: 'ratio',
					value: single(node.median / rawMedian),
					note: `node ${Math.round(node.median)} ms (run data), ${Math.round((size * 1000) / node.median)} msg/s; raw ${Math.round((size * 1000) / rawMedian)} msg/s`,
				},
			);
			if (latencyMs || !ref) continue;
			const jsonMb = Buffer.byteLength(json ?? '') / 2 ** 20;
			const growth = Math.max(...runs.map((r) => r.rssGrowthMb));
			rows.push({
				figure: `${tag}m`,
				metric: `n8n: RSS growth of the n8n process during a ${size}-message collect`,
				unit: 'MB',
				value: single(round(growth, 1)),
				goal: { max: round(2 * jsonMb, 1) },
				note: `largest of ${repeats} runs; the output's JSON is ${round(jsonMb, 1)} MB (goal: 2 × that)`,
			});
			rows.push(...referenceRows(tag, size, jsonMb, runs, refRuns));
			env.log(`${size}: the same, the runs not saved`);
			const unsavedRef = await prepareReference(n8ns.referenceUnsaved, size, json ?? '', 'none');
			rows.push(...unsavedRows(tag, size, await unsavedRuns(n8ns, chat, unsavedRef, repeats)));
		}
	} finally {
		await env.server.control('setLatency', { ms: 0 });
		await raw.stop();
		await n8n.deactivate(chat.workflowId).catch(() => undefined);
	}
}

function failedSize(env: BenchEnv, size: number, error: Error): FigureRow[] {
	env.log(`${size}: ${error.message}`);
	return [
		{
			figure: `3n-${size / 1000}k`,
			metric: `n8n: Collect History ${size}: failed — ${error.message.slice(0, 200)}`,
			unit: 'count',
			value: single(NaN),
		},
	];
}

/** Starts the four n8n processes one after the other (n8n's start is CPU-heavy). */
async function startProcesses(tarball: string, started: N8nInstance[]): Promise<Processes> {
	const next = async () => {
		const n8n = await startN8n({ tarball, env: figureEnv(), readyTimeoutMs: 300_000 });
		started.push(n8n);
		return n8n;
	};
	const n8ns = {
		ours: await next(),
		reference: await next(),
		oursUnsaved: await next(),
		referenceUnsaved: await next(),
	};
	await warmReference(n8ns.reference);
	await warmReference(n8ns.referenceUnsaved);
	return n8ns;
}

async function run(env: BenchEnv): Promise<FigureRow[]> {
	if (!n8nInstalled()) {
		throw new SkipFigure('n8n is not installed: run scripts/ensure-n8n.sh (minutes, ~3 GB)');
	}
	env.log('figure 3n: building and packing the package, starting 4 n8n processes');
	const given = process.env.N8N_E2E_PACKAGE_TGZ;
	const tarball = given ?? (await packPackage(repoRoot, process.env.BENCH_SKIP_BUILD === '1'));
	const started: N8nInstance[] = [];
	try {
		const n8ns = await startProcesses(tarball, started);
		const rows: FigureRow[] = [];
		for (const size of sizes()) {
			// A size that fails (a deadline on a busy machine) keeps the rows of the others.
			await measureSize(env, n8ns, size, rows).catch((e: Error) =>
				rows.push(...failedSize(env, size, e)),
			);
		}
		return rows;
	} finally {
		await Promise.all(started.map((n8n) => n8n.stop()));
		if (!given) await discardTarball(tarball);
	}
}

export const historyInN8n: Figure = {
	id: '3n',
	title: 'Collect History in a real n8n ÷ raw iterMessages',
	budgetMs: 1_200_000,
	run,
};
