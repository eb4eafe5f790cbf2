// The Telegram Account Trigger in queue mode: it runs on the main only (one connection there,
// none on the workers), its executions run on the workers, and every message pushed while the
// server drops the connection and stalls answers is emitted exactly once.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { startQueueCluster, type QueueCluster } from './cluster';
import { connectionsPerProcess } from './connections';
import { bySize, figure } from './size';
import { importAccount } from './workflows';
import type { N8nClient } from '../n8n/harness';

// Runs once the package ships the trigger (it lands on main separately from these tests).
const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
	n8n: { nodes: string[] };
};
const hasTrigger = manifest.n8n.nodes.some((node) => node.includes('TelegramAccountTrigger'));
const maybe = hasTrigger ? test : test.skip;

let cluster: QueueCluster | undefined;

beforeAll(async () => {
	if (hasTrigger) cluster = await startQueueCluster({ places: 'one-host', workers: 2 });
}, 600_000);

afterAll(async () => {
	await cluster?.stop();
}, 60_000);

function running(): QueueCluster {
	if (!cluster) throw new Error('the queue cluster did not start');
	return cluster;
}

function triggerWorkflow(credential: { id: string; name: string }) {
	return {
		name: 'Telegram messages in queue mode',
		nodes: [
			{
				id: randomUUID(),
				name: 'Telegram Account Trigger',
				type: 'n8n-nodes-telegram-account.telegramAccountTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { events: ['new'], options: { catchUp: 'minutes', catchUpMinutes: 60 } },
				credentials: { telegramAccountApi: credential },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

interface PagedExecution {
	id: string;
	status: string;
	data?: {
		resultData?: {
			runData?: Record<
				string,
				Array<{ data?: { main: Array<Array<{ json: { text?: string } }>> } }>
			>;
		};
	};
}

/** Every execution of the workflow (all pages), with the text its trigger item carried. */
async function triggeredTexts(
	n8n: N8nClient,
	workflowId: string,
): Promise<Array<{ id: string; status: string; text?: string }>> {
	const all: Array<{ id: string; status: string; text?: string }> = [];
	let cursor: string | undefined;
	do {
		const page = await n8n.api<{ data: PagedExecution[]; nextCursor?: string | null }>(
			'GET',
			`/executions?workflowId=${workflowId}&includeData=true&limit=250${cursor ? `&cursor=${cursor}` : ''}`,
		);
		for (const e of page.data) {
			const item =
				e.data?.resultData?.runData?.['Telegram Account Trigger']?.[0]?.data?.main[0]?.[0];
			all.push({ id: String(e.id), status: e.status, text: item?.json.text });
		}
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return all;
}

maybe(
	'every pushed message is emitted once on the main and run on a worker, across forced disconnects',
	async () => {
		const { main, telegram } = running();
		const c = telegram.control;
		const me = c.createAccount({ phone: '15550017301', firstName: 'Trig', session: true });
		const bob = c.createUser({ firstName: 'Bob', username: 'bob_queue_trigger' }).userId;
		c.addContact({ ownerId: me.userId, userId: bob, mutual: true });
		const credential = await importAccount(main, telegram, me.session!);
		const { id } = await main.importWorkflow(triggerWorkflow(credential));
		await main.activate(id);

		const total = bySize({ ci: 500, full: 2000, nightly: 10_000 });
		const disconnects = bySize({ ci: 5, full: 10, nightly: 20 });
		const every = Math.floor(total / (disconnects + 1));
		const texts: string[] = [];
		let dropped = 0;
		for (let i = 0; i < total; i++) {
			const text = `incoming ${i}`;
			c.pushMessage({ fromId: bob, toUserId: me.userId, text });
			texts.push(text);
			if (i > 0 && i % every === 0 && dropped < disconnects) {
				dropped += c.dropConnections({ userId: me.userId }).dropped > 0 ? 1 : 0;
				// Every other drop comes with a latency spike while the trigger catches up.
				c.setLatency({ ms: dropped % 2 ? 400 : 0 });
			}
			if (i % 25 === 24) await new Promise((resolve) => setTimeout(resolve, 20));
		}
		c.setLatency({ ms: 0 });

		const deadline = Date.now() + 60_000 + total * 40;
		let got = await triggeredTexts(main, id);
		while (new Set(got.map((e) => e.text)).size < total && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
			got = await triggeredTexts(main, id);
		}
		// Late duplicates would show up after the last message: give them a moment.
		await new Promise((resolve) => setTimeout(resolve, 3000));
		got = await triggeredTexts(main, id);
		const times = new Map<string, number>();
		for (const e of got) if (e.text) times.set(e.text, (times.get(e.text) ?? 0) + 1);
		const missing = texts.filter((t) => !times.has(t));
		const duplicated = texts.filter((t) => (times.get(t) ?? 0) > 1);
		const byWorker = running().executionsByWorker();
		const onMain = got.filter((e) => !byWorker.has(e.id)).length;
		const held = await connectionsPerProcess(telegram, running().processes(), me.userId);
		figure('trigger: messages', {
			pushed: total,
			emitted: got.length,
			missing: missing.length,
			duplicated: duplicated.length,
		});
		figure('trigger: disconnects survived', dropped);
		figure('trigger: connections per process', held);
		figure('trigger: executions run on the main', onMain);

		expect(dropped).toBe(disconnects);
		expect(missing).toEqual([]);
		expect(duplicated).toEqual([]);
		expect(got.filter((e) => e.status !== 'success')).toEqual([]);
		expect(onMain).toBe(0);
		expect(held).toEqual({ perProcess: { main: 1, worker1: 0, worker2: 0 }, unknown: 0 });
		expect(c.duplicatedKeys({ userId: me.userId })).toEqual([]);
	},
	1_800_000,
);
