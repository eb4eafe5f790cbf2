// Figure 3 in a real n8n: Collect History of one private chat (10,000 and 100,000 messages) as a
// whole webhook-started n8n execution, and the node's own executionTime from the run data, each
// ÷ raw GramJS iterMessages over the same server in the same run, at 0 and 50 ms round trip; and
// the n8n process's RSS growth during the collect beside the output's JSON size.
//   BENCH_HISTORY_N8N_SIZES=10000   the reduced run (~2 min); default 10000,100000 (~8 min)
import { startN8n, type N8nInstance } from '../../test/n8n/harness';
import { httpJson } from '../../test/n8n/http';
import { discardTarball, packPackage } from '../../test/n8n/package';
import { ensureRuntime, repoRoot } from '../../test/n8n/runtime';
import { createAccount, credentialData } from '../lib/accounts';
import { n8nInstalled, profileEnv, rssMb, rssPeak } from '../lib/n8n';
import { collectNode, webhookWorkflow } from '../lib/n8n-workflows';
import { startRawHistory, type RawHistory } from '../lib/raw-history';
import type { BenchServer } from '../lib/server';
import { msSince, round, spread } from '../lib/stats';
import { single, SkipFigure, type BenchEnv, type Figure, type FigureRow } from './types';

const LATENCIES = [0, 50];
/** Goals of issue 16 for whole executions ÷ raw, by size and round trip. */
const GOALS: Record<string, number> = { '10000@0': 1.0, '100000@50': 0.5 };

interface Chat {
	size: number;
	peer: string;
	rawSession: string;
	workflowId: string;
	warmPath: string;
	fullPath: string;
}

interface N8nRun {
	wallMs: number;
	nodeMs: number;
	items: number;
	rssGrowthMb: number;
	jsonMb?: number;
}

const sizes = (): number[] =>
	(process.env.BENCH_HISTORY_N8N_SIZES ?? '10000,100000')
		.split(',')
		.map(Number)
		.filter((n) => n > 0);

/** An account whose chat with its peer holds `size` messages, after 300 in another chat. */
async function seedChat(server: BenchServer, n8n: N8nInstance, size: number): Promise<Chat> {
	const account = await createAccount(server, `h${size}`);
	// Private chats share the account's id counter: the chat starts above other chats' ids.
	const other = await server.control<{ userId: number }>('createUser', { firstName: 'Other' });
	await server.control('seedMessages', { between: [account.userId, other.userId], count: 300 });
	await server.control('seedMessages', { between: [account.userId, account.peerId], count: size });
	const { session } = await server.control<{ session: string }>('createSession', {
		userId: account.userId,
	});
	const credential = await n8n.importCredential({
		name: 'Bench account',
		type: 'telegramAccountApi',
		data: credentialData(server, account.session, { requestTimeout: 60 }),
	});
	const chat = `@${account.peerUsername}`;
	const warmPath = `bench-collect-warm-${size}`;
	const fullPath = `bench-collect-${size}`;
	const warm = await n8n.importWorkflow(
		webhookWorkflow(`collect warm ${size}`, warmPath, collectNode(chat, credential.id, 1)),
	);
	const full = await n8n.importWorkflow(
		webhookWorkflow(`collect ${size}`, fullPath, collectNode(chat, credential.id)),
	);
	await n8n.activate(warm.id);
	await n8n.activate(full.id);
	return {
		size,
		peer: account.peerUsername,
		rawSession: session,
		workflowId: full.id,
		warmPath,
		fullPath,
	};
}

async function rawCollect(raw: RawHistory, chat: Chat): Promise<number> {
	const { ms, count } = await raw.collect(chat.peer);
	if (count < chat.size) throw new Error(`raw iterMessages read ${count} of ${chat.size}`);
	return ms;
}

interface RunData {
	data?: {
		resultData?: {
			runData?: Record<
				string,
				Array<{ executionTime?: number; data?: { main?: Array<Array<{ json: unknown }>> } }>
			>;
		};
	};
}

async function newestExecution(n8n: N8nInstance, workflowId: string): Promise<{ data: RunData[] }> {
	// The harness's api() has a 30 s deadline; a run of 100,000 items needs more on a busy machine.
	const key = (n8n as unknown as { apiKey: string }).apiKey;
	const res = await httpJson({
		url: `${n8n.baseUrl}/api/v1/executions?workflowId=${workflowId}&includeData=true&limit=1`,
		headers: { 'x-n8n-api-key': key },
		timeoutMs: 300_000,
	});
	if (res.status !== 200) throw new Error(`GET executions: HTTP ${res.status}`);
	return res.body as { data: RunData[] };
}

async function n8nCollect(n8n: N8nInstance, chat: Chat, measureJson: boolean): Promise<N8nRun> {
	const before = rssMb(n8n.pid);
	const sampler = rssPeak(n8n.pid);
	const start = process.hrtime.bigint();
	const answer = await n8n.runWebhook(chat.fullPath, {}, 600_000);
	const wallMs = msSince(start);
	const peak = sampler.stop();
	if (answer.status !== 200) throw new Error(`collect ${chat.size}: HTTP ${answer.status}`);
	// Only the newest execution, with its data: n8n takes long to load 100,000 items.
	const page = await newestExecution(n8n, chat.workflowId);
	const run = page.data[0]?.data?.resultData?.runData?.['Telegram Account']?.[0];
	const items = run?.data?.main?.[0] ?? [];
	const jsonMb = measureJson
		? Buffer.byteLength(JSON.stringify(items.map((i) => i.json))) / 2 ** 20
		: undefined;
	// Messages + the summary item.
	if (items.length < chat.size + 1) {
		throw new Error(`collect ${chat.size}: ${items.length} items in the run data`);
	}
	return {
		wallMs,
		nodeMs: run?.executionTime ?? NaN,
		items: items.length,
		rssGrowthMb: peak - before,
		jsonMb,
	};
}

/** Adds the rows of one size to `rows` as they are measured (a failure keeps the earlier ones). */
async function measureSize(
	env: BenchEnv,
	n8n: N8nInstance,
	size: number,
	rows: FigureRow[],
): Promise<void> {
	env.log(`seeding a private chat of ${size} messages`);
	const chat = await seedChat(env.server, n8n, size);
	// Raw GramJS on n8n's own Node binary, in a process without this package.
	const raw = await startRawHistory(env.server, chat.rawSession, (await ensureRuntime()).node);
	const repeats = size > 20_000 ? 2 : 3;
	try {
		// The first execution connects the pooled client and resolves the chat.
		await n8n.runWebhook(chat.warmPath, {}, 60_000);
		await rawCollect(raw, chat);
		let jsonMb = 0;
		for (const latencyMs of LATENCIES) {
			await env.server.control('setLatency', { ms: latencyMs });
			const rawMs: number[] = [];
			const runs: N8nRun[] = [];
			// Alternating, so neither side gains from going second.
			for (let i = 0; i < repeats; i++) {
				env.log(`${size} at ${latencyMs} ms: run ${i + 1} of ${repeats}`);
				const measureJson = !jsonMb;
				if (i % 2) runs.push(await n8nCollect(n8n, chat, measureJson));
				rawMs.push(await rawCollect(raw, chat));
				if (!(i % 2)) runs.push(await n8nCollect(n8n, chat, measureJson));
				jsonMb ||= runs[runs.length - 1].jsonMb ?? 0;
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
			if (latencyMs === 0) {
				const growth = Math.max(...runs.map((r) => r.rssGrowthMb));
				rows.push({
					figure: `${tag}m`,
					metric: `n8n: RSS growth of the n8n process during a ${size}-message collect`,
					unit: 'MB',
					value: single(round(growth, 1)),
					goal: { max: round(2 * jsonMb, 1) },
					note: `largest of ${repeats} runs; the output's JSON is ${round(jsonMb, 1)} MB (goal: 2 × that)`,
				});
			}
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

async function run(env: BenchEnv): Promise<FigureRow[]> {
	if (!n8nInstalled()) {
		throw new SkipFigure('n8n is not installed: run scripts/ensure-n8n.sh (minutes, ~3 GB)');
	}
	env.log('figure 3n: building and packing the package, starting n8n');
	const given = process.env.N8N_E2E_PACKAGE_TGZ;
	const tarball = given ?? (await packPackage(repoRoot, process.env.BENCH_SKIP_BUILD === '1'));
	try {
		const n8n = await startN8n({ tarball, env: profileEnv(), readyTimeoutMs: 300_000 });
		try {
			const rows: FigureRow[] = [];
			for (const size of sizes()) {
				// A size that fails (a deadline on a busy machine) keeps the rows of the others.
				await measureSize(env, n8n, size, rows).catch((e: Error) =>
					rows.push(...failedSize(env, size, e)),
				);
			}
			return rows;
		} finally {
			await n8n.stop();
		}
	} finally {
		if (!given) await discardTarball(tarball);
	}
}

export const historyInN8n: Figure = {
	id: '3n',
	title: 'Collect History in a real n8n ÷ raw iterMessages',
	budgetMs: 900_000,
	run,
};
