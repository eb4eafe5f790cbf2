// Issue 6 bench: messages per second collecting 100,000 channel messages through the node
// (History → Collect) and through raw GramJS iterMessages, at 0 ms and 50 ms emulated round trip,
// against the loopback server in its own process. Prints a table, writes bench/results/history-*.json.
// Run: npx ts-node --transpile-only bench/history.ts [count]
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { closeAllClients } from '../nodes/shared/transport/pool';
import { TelegramAccount } from './lib/node';
import type { DcEndpoint } from '../test/server/core/types';
import { startRawHistory, type RawHistory } from './lib/raw-history';

interface Ready {
	dc: DcEndpoint;
	rsaPublicKeyPem: string;
	rsaFingerprint: string;
	session: string;
	channel: string;
	lastId: number;
}

export interface HistoryBenchRow {
	latencyMs: number;
	messages: number;
	rawMsgsPerSec: number;
	nodeMsgsPerSec: number;
	ratio: number;
	nodePeakRssMb: number;
	nodeRssGrowthMb: number;
}

/** The heap left after each of several collects once its items are dropped (after a full GC). */
export interface RetainedHeap {
	messagesPerRun: number;
	heapAfterRunMb: number[];
}

function request(
	child: ChildProcess,
	message: object,
	reply: string,
): Promise<Record<string, unknown>> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`no ${reply} from the server process`)),
			600_000,
		);
		const onMessage = (m: Record<string, unknown>) => {
			if (m.op !== reply) return;
			clearTimeout(timer);
			child.off('message', onMessage);
			resolve(m);
		};
		child.on('message', onMessage);
		child.send(message);
	});
}

/** Raw GramJS in its own process: this package changes how GramJS reads longs in ours. */
async function rawGramJs(raw: RawHistory): Promise<{ count: number; ms: number }> {
	return await raw.collect('bench_chan');
}

/** History → Collect of the whole bench channel, service messages included, no summary item. */
function collectParams(ready: Ready): Record<string, unknown> {
	return {
		resource: 'history',
		operation: 'collect',
		chats: `@${ready.channel}`,
		filters: { includeService: true },
		options: { summary: false },
	};
}

function nodeContext(ready: Ready, params: Record<string, unknown>): IExecuteFunctions {
	return {
		getInputData: (): INodeExecutionData[] => [{ json: {} }],
		getNode: () => ({
			id: 'bench',
			name: 'Telegram Account',
			type: 'telegramAccount',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		}),
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => params[name] ?? fallback,
		getCredentials: async () => ({
			apiId: 424242,
			apiHash: '0123456789abcdef0123456789abcdef',
			session: ready.session,
			options: {
				server: 'custom',
				customHost: ready.dc.host,
				customPort: ready.dc.port,
				customDcId: ready.dc.id,
				customRsaPublicKey: ready.rsaPublicKeyPem,
				requestTimeout: 60,
			},
		}),
		continueOnFail: () => false,
		getWorkflowStaticData: () => ({}),
	} as unknown as IExecuteFunctions;
}

/**
 * Collects `messages` of the channel `runs` times on one pooled client, dropping the items each
 * time, and reads the heap after a full GC: a per-run climb is memory the node keeps.
 */
async function retainedHeap(ready: Ready, messages: number, runs: number): Promise<RetainedHeap> {
	setFlagsFromString('--expose-gc');
	const gc = runInNewContext('gc') as () => void;
	const params = collectParams(ready);
	params.returnAll = false;
	params.limit = messages;
	const ctx = nodeContext(ready, params);
	const node = new TelegramAccount();
	const heapAfterRunMb: number[] = [];
	for (let i = 0; i < runs; i++) {
		const [items] = await node.execute.call(ctx);
		if (items.length !== messages)
			throw new Error(`expected ${messages} items, got ${items.length}`);
		items.length = 0;
		gc();
		gc();
		heapAfterRunMb.push(Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10);
	}
	return { messagesPerRun: messages, heapAfterRunMb };
}

async function throughNode(
	ready: Ready,
): Promise<{ count: number; ms: number; peakRss: number; baseRss: number }> {
	const params = collectParams(ready);
	const ctx = nodeContext(ready, params);
	const node = new TelegramAccount();
	// Warm the pooled client (connect + resolve) so both sides are timed on a connected client.
	params.returnAll = false;
	params.limit = 1;
	await node.execute.call(ctx);
	params.returnAll = true;
	global.gc?.();
	const baseRss = process.memoryUsage().rss;
	let peakRss = baseRss;
	const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
	const started = Date.now();
	try {
		const [items] = await node.execute.call(ctx);
		const ms = Date.now() - started;
		peakRss = Math.max(peakRss, process.memoryUsage().rss);
		return { count: items.length, ms, peakRss, baseRss };
	} finally {
		clearInterval(sampler);
	}
}

export async function runHistoryBench(
	count = 100_000,
	latencies = [0, 50],
	retain = { messages: Math.min(count, 10_000), runs: 6 },
): Promise<{ rows: HistoryBenchRow[]; retained: RetainedHeap }> {
	const child = fork(join(__dirname, 'history-server.ts'), [String(count)], {
		execArgv: ['-r', 'ts-node/register/transpile-only'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const rows: HistoryBenchRow[] = [];
	let rawProc: RawHistory | undefined;
	try {
		const ready = (await request(child, { op: 'noop' }, 'ready')) as unknown as Ready;
		rawProc = await startRawHistory(ready, ready.session);
		// The server caches each message's bytes on first read: warm it so both sides see the same.
		await rawGramJs(rawProc);
		for (const latencyMs of latencies) {
			await request(child, { op: 'latency', ms: latencyMs }, 'latency');
			// Best of two, alternating, so neither side gains from going second.
			const raw1 = await rawGramJs(rawProc);
			const node1 = await throughNode(ready);
			const node2 = await throughNode(ready);
			const raw2 = await rawGramJs(rawProc);
			const raw = raw1.ms <= raw2.ms ? raw1 : raw2;
			const node =
				node1.ms <= node2.ms
					? { ...node1, peakRss: Math.max(node1.peakRss, node2.peakRss) }
					: { ...node2, peakRss: Math.max(node1.peakRss, node2.peakRss) };
			// Both include the channel's service message (channel created): count + 1.
			if (node.count !== count + 1 || raw.count !== count + 1) {
				throw new Error(`expected ${count + 1} messages, got node ${node.count}, raw ${raw.count}`);
			}
			const rawRate = (count * 1000) / raw.ms;
			const nodeRate = (count * 1000) / node.ms;
			rows.push({
				latencyMs,
				messages: count,
				rawMsgsPerSec: Math.round(rawRate),
				nodeMsgsPerSec: Math.round(nodeRate),
				ratio: Math.round((nodeRate / rawRate) * 100) / 100,
				nodePeakRssMb: Math.round(node.peakRss / 2 ** 20),
				nodeRssGrowthMb: Math.round((node.peakRss - node.baseRss) / 2 ** 20),
			});
		}
		await request(child, { op: 'latency', ms: 0 }, 'latency');
		const retained = await retainedHeap(ready, retain.messages, retain.runs);
		return { rows, retained };
	} finally {
		await closeAllClients();
		await rawProc?.stop();
		child.send({ op: 'stop' });
	}
}

/** Prints the table and writes bench/results/history-<time>.json. */
export function reportHistoryBench({
	rows,
	retained,
}: {
	rows: HistoryBenchRow[];
	retained: RetainedHeap;
}): void {
	console.log('\nCollect History — 1 channel, node (History → Collect) vs raw GramJS iterMessages');
	console.table(rows);
	console.log(
		`heap after each of ${retained.heapAfterRunMb.length} collects of ${retained.messagesPerRun}:`,
	);
	console.log(retained.heapAfterRunMb.join(' → ') + ' MB');
	const dir = join(__dirname, 'results');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `history-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
	writeFileSync(
		file,
		JSON.stringify(
			{ bench: 'history', node: process.version, date: new Date().toISOString(), rows, retained },
			null,
			2,
		),
	);
	console.log(`written ${file}`);
}

if (require.main === module) {
	const count = Number(process.argv[2] ?? 100_000);
	runHistoryBench(count)
		.then(reportHistoryBench)
		.catch((error: unknown) => {
			console.error(error);
			process.exitCode = 1;
		});
}
