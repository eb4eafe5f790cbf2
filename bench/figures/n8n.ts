// Figure 5, in a real n8n (test/n8n/harness.ts): a warm webhook-started 1-item Send Text ÷ a no-op
// workflow of the same shape (runs ~1 s apart), the cold first execution, and after 1,000
// executions the n8n process's RSS and how many clients the account has open on the server.
import { startN8n, type N8nInstance } from '../../test/n8n/harness';
import { discardTarball, packPackage } from '../../test/n8n/package';
import { repoRoot } from '../../test/n8n/runtime';
import { createAccount, credentialData } from '../lib/accounts';
import { n8nInstalled, profileEnv, rssMb } from '../lib/n8n';
import {
	httpRequestNode,
	noopNode,
	sendTextNode,
	startJsonEndpoint,
	webhookWorkflow,
} from '../lib/n8n-workflows';
import { Budget, spread, timed } from '../lib/stats';
import { single, SkipFigure, type BenchEnv, type Figure, type FigureRow } from './types';

const WARM_RUNS = 20;
const BULK_RUNS = 1000;
const BULK_CONCURRENCY = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(n8n: N8nInstance, path: string): Promise<void> {
	const answer = await n8n.runWebhook(path, {}, 30_000);
	if (answer.status !== 200) {
		throw new Error(`webhook ${path}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
	}
}

interface RunData {
	data?: { resultData?: { runData?: Record<string, Array<{ executionTime?: number }>> } };
}

/** executionTime n8n recorded for the second node of each of the latest warm executions. */
async function nodeTimes(
	n8n: N8nInstance,
	ids: string[],
): Promise<{ send: number[]; noop: number[]; http: number[] }> {
	const of = async (id: string, node: string) =>
		((await n8n.executions(id)) as RunData[])
			.slice(0, WARM_RUNS)
			.map((e) => e.data?.resultData?.runData?.[node]?.[0]?.executionTime ?? NaN)
			.filter((t) => Number.isFinite(t));
	return {
		send: await of(ids[0], 'Telegram Account'),
		noop: await of(ids[1], 'No Operation'),
		http: await of(ids[2], 'HTTP Request'),
	};
}

async function measure(
	env: BenchEnv,
	n8n: N8nInstance,
	endpoint: { url: string },
): Promise<FigureRow[]> {
	const account = await createAccount(env.server, 'n8n');
	const credential = await n8n.importCredential({
		name: 'Bench account',
		type: 'telegramAccountApi',
		data: credentialData(env.server, account.session),
	});
	const header = await n8n.importCredential({
		name: 'Bench header',
		type: 'httpHeaderAuth',
		data: { name: 'X-Bench-Key', value: 'bench-header-value' },
	});
	const workflows = [
		webhookWorkflow('bench send', 'bench-send', sendTextNode(account.peerUsername, credential.id)),
		webhookWorkflow('bench no-op', 'bench-noop', noopNode()),
		webhookWorkflow('bench http', 'bench-http', httpRequestNode(endpoint.url, header.id)),
	];
	const ids: string[] = [];
	for (const workflow of workflows) ids.push((await n8n.importWorkflow(workflow)).id);
	for (const id of ids) await n8n.activate(id);
	const rssIdle = rssMb(n8n.pid);

	const coldNoop = await timed(() => call(n8n, 'bench-noop'));
	const coldSend = await timed(() => call(n8n, 'bench-send'));
	const coldHttp = await timed(() => call(n8n, 'bench-http'));
	for (let i = 0; i < 3; i++) {
		for (const path of ['bench-send', 'bench-noop', 'bench-http']) await call(n8n, path);
	}
	const sendMs: number[] = [];
	const noopMs: number[] = [];
	const httpMs: number[] = [];
	for (let i = 0; i < WARM_RUNS; i++) {
		// Spaced out like real webhook traffic: n8n and the client are idle between runs.
		sendMs.push(await timed(() => call(n8n, 'bench-send')));
		await sleep(350);
		noopMs.push(await timed(() => call(n8n, 'bench-noop')));
		await sleep(350);
		httpMs.push(await timed(() => call(n8n, 'bench-http')));
		await sleep(350);
	}
	const rssWarm = rssMb(n8n.pid);
	const inNode = await nodeTimes(n8n, ids);
	const bulk = new Budget(env.budgetMs * 0.6);
	let done = 0;
	let finished = 0;
	// RSS every 250 runs: a plateau is heap sizing, steady growth per run would be a leak.
	const rssSteps: number[] = [];
	// A failed run under load (a timeout) is counted and reported, not the end of the figure.
	const failures: string[] = [];
	const worker = async () => {
		while (done < BULK_RUNS && !bulk.spent) {
			done++;
			await call(n8n, 'bench-send').catch((e: Error) => failures.push(e.message.slice(0, 300)));
			if (++finished % 250 === 0) rssSteps.push(Math.round(rssMb(n8n.pid)));
		}
	};
	const bulkMs = await timed(() => Promise.all(Array.from({ length: BULK_CONCURRENCY }, worker)));
	const total = done + WARM_RUNS + 4;
	const rssAfter = rssMb(n8n.pid);
	const live = await env.server.liveSessions(account.userId);
	const ratios = sendMs.map((s, i) => s / noopMs[i]);
	return [
		{
			figure: '5',
			metric: 'n8n: warm webhook Send Text ÷ no-op workflow of the same shape',
			unit: 'ratio',
			value: spread(ratios),
			goal: { max: 1.1 },
			note: `${WARM_RUNS} pairs ~1 s apart; spread over per-pair ratios`,
		},
		{
			figure: '5h',
			metric: "n8n's HTTP Request node (header-auth credential, 1 loopback GET) ÷ no-op",
			unit: 'ratio',
			value: spread(httpMs.map((h, i) => h / noopMs[i])),
			note: `reference: what a credentialed core node with one loopback round trip adds; warm median ${spread(httpMs).median.toFixed(1)} ms, cold ${Math.round(coldHttp)} ms`,
		},
		{ figure: '5s', metric: 'n8n: warm webhook Send Text', unit: 'ms', value: spread(sendMs) },
		{ figure: '5o', metric: 'n8n: warm webhook no-op', unit: 'ms', value: spread(noopMs) },
		{
			figure: '5t',
			metric: "n8n: the Telegram node's own executionTime in n8n's run data",
			unit: 'ms',
			value: spread(inNode.send),
			note: `same runs' executionTime of No Operation: median ${spread(inNode.noop).median} ms, of HTTP Request: ${spread(inNode.http).median} ms`,
		},
		{
			figure: '5c',
			metric: 'n8n: cold first Send Text execution (connects the client)',
			unit: 'ms',
			value: single(coldSend),
			note: `the first no-op execution took ${Math.round(coldNoop)} ms`,
		},
		{
			figure: '5m',
			metric: `n8n: process RSS after ${total} Send Text executions`,
			unit: 'MB',
			value: single(rssAfter),
			note: `RSS with both workflows active, before any run ${Math.round(rssIdle)} MB; after the warm runs ${Math.round(rssWarm)} MB; ${done} bulk runs at concurrency ${BULK_CONCURRENCY} in ${Math.round(bulkMs / 1000)} s; RSS every 250 runs: ${rssSteps.join(', ')} MB; ${failures.length} bulk runs failed${failures.length ? ` (first: ${failures[0]})` : ''}`,
		},
		{
			figure: '5l',
			metric: `n8n: live clients of the account after ${total} executions`,
			unit: 'count',
			value: single(live),
			goal: { max: 1 },
		},
	];
}

async function run(env: BenchEnv): Promise<FigureRow[]> {
	if (!n8nInstalled()) {
		throw new SkipFigure('n8n is not installed: run scripts/ensure-n8n.sh (minutes, ~3 GB)');
	}
	env.log('figure 5: building and packing the package, starting n8n');
	const given = process.env.N8N_E2E_PACKAGE_TGZ;
	const tarball = given ?? (await packPackage(repoRoot, process.env.BENCH_SKIP_BUILD === '1'));
	const endpoint = await startJsonEndpoint();
	try {
		const n8n = await startN8n({ tarball, env: profileEnv(), readyTimeoutMs: 300_000 });
		try {
			return await measure(env, n8n, endpoint);
		} finally {
			await n8n.stop();
		}
	} finally {
		await endpoint.close();
		if (!given) await discardTarball(tarball);
	}
}

export const inN8n: Figure = { id: '5', title: 'in a real n8n', budgetMs: 200_000, run };
