// The Telegram Account Trigger in a real n8n: an active workflow turns pushed messages into
// executions; across a clean stop (SIGTERM) and across a SIGKILL mid-stream, every message pushed
// meanwhile shows up once (after the kill: none lost, duplicates within the documented bound).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startTestServer, type TestServer } from '../server';
import { startN8n, type N8nInstance } from './harness';
import { loopbackCredential } from './examples';

interface World {
	telegram: TestServer;
	me: number;
	bob: number;
	session: string;
}

let world: World | undefined;
const folders: string[] = [];
const instances: N8nInstance[] = [];

beforeAll(async () => {
	const telegram = await startTestServer();
	const made = telegram.control.createAccount({
		phone: '15550003001',
		firstName: 'Trig',
		session: true,
	});
	const bob = telegram.control.createUser({ firstName: 'Bob', username: 'bob_user' }).userId;
	telegram.control.addContact({ ownerId: made.userId, userId: bob, mutual: true });
	world = { telegram, me: made.userId, bob, session: made.session! };
}, 60_000);

afterAll(async () => {
	for (const n8n of instances) await n8n.stop();
	await world?.telegram.stop();
	for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}, 60_000);

const w = (): World => {
	if (!world) throw new Error('set-up failed');
	return world;
};

async function start(userFolder: string): Promise<N8nInstance> {
	const n8n = await startN8n({ userFolder });
	instances.push(n8n);
	return n8n;
}

function triggerWorkflow(credentialId: string) {
	return {
		name: 'Telegram messages',
		nodes: [
			{
				id: randomUUID(),
				name: 'Telegram Account Trigger',
				type: 'n8n-nodes-telegram-account.telegramAccountTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { events: ['new'], options: { catchUp: 'minutes', catchUpMinutes: 60 } },
				credentials: { telegramAccountApi: { id: credentialId, name: 'Loopback account' } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

async function setUp(n8n: N8nInstance): Promise<string> {
	const { telegram, session } = w();
	const credential = await loopbackCredential({ telegram, n8n }, session);
	const { id } = await n8n.importWorkflow(triggerWorkflow(credential.id));
	await n8n.activate(id);
	return id;
}

type Main = { main: Array<Array<{ json: Record<string, unknown> }>> };

interface RunData {
	resultData?: { runData?: Record<string, Array<{ data?: Main }>> };
	/** Still there when the process died before the node ran (a crashed execution). */
	executionData?: { nodeExecutionStack?: Array<{ data?: Main }> };
}

/** Texts of the messages each execution of the workflow received (one per execution). */
async function receivedTexts(n8n: N8nInstance, workflowId: string): Promise<string[]> {
	const executions = await n8n.executions(workflowId);
	return executions
		.map((e) => {
			const data = e.data as RunData | undefined;
			const runs = data?.resultData?.runData?.['Telegram Account Trigger'];
			const item =
				runs?.[0]?.data?.main[0]?.[0] ??
				data?.executionData?.nodeExecutionStack?.[0]?.data?.main[0]?.[0];
			return String(item?.json.text ?? `<no data: ${e.status}>`);
		})
		.reverse();
}

async function waitForTexts(n8n: N8nInstance, id: string, expected: string[], ms = 45_000) {
	const deadline = Date.now() + ms;
	let got: string[] = [];
	while (Date.now() < deadline) {
		got = await receivedTexts(n8n, id);
		if (expected.every((t) => got.includes(t))) return got;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(
		`executions after ${ms} ms: ${JSON.stringify(got)}; expected ${JSON.stringify(expected)}`,
	);
}

const push = (text: string) =>
	w().telegram.control.pushMessage({ fromId: w().bob, toUserId: w().me, text });

const count = (list: string[], text: string) => list.filter((t) => t === text).length;

test('pushed messages become executions; across a clean restart each shows up once', async () => {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'n8n-trigger-e2e-'));
	folders.push(folder);
	let n8n = await start(folder);
	const id = await setUp(n8n);
	const live = ['clean a', 'clean b', 'clean c'];
	for (const text of live) push(text);
	const first = await waitForTexts(n8n, id, live);
	const executions = await n8n.executions(id);
	expect(executions.every((e) => e.status === 'success')).toBe(true);
	const item = (executions[0].data as RunData).resultData!.runData!['Telegram Account Trigger'][0]
		.data!.main[0][0].json;
	expect(item).toMatchObject({ event: 'new', chatId: String(w().bob), chatType: 'private' });
	// n8n creates the executions concurrently: their ids need not follow the emit order.
	expect([...first].sort()).toEqual([...live].sort());

	await n8n.stop();
	const missed = ['while stopped 1', 'while stopped 2', 'while stopped 3'];
	for (const text of missed) push(text);
	n8n = await start(folder);
	await waitForTexts(n8n, id, missed);
	push('after restart');
	const all = await waitForTexts(n8n, id, ['after restart']);
	await new Promise((resolve) => setTimeout(resolve, 2000));
	const final = await receivedTexts(n8n, id);
	expect([...final].sort()).toEqual([...live, ...missed, 'after restart'].sort());
	expect(all.length).toBeLessThanOrEqual(final.length);
	expect(n8n.outboundAttempts()).toEqual([]);
	// The message in flight at the stop was replayed and refused by n8n's deduplication key:
	// proof that the trigger saw n8n 2.41's keyed emit (and that a replay cannot duplicate).
	expect(readFileSync(n8n.logFile, 'utf8')).toMatch(/duplicate deduplication key/);
	await n8n.stop();
}, 300_000);

test('after a SIGKILL mid-stream none is lost and duplicates stay within the bound', async () => {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'n8n-trigger-e2e-'));
	folders.push(folder);
	let n8n = await start(folder);
	const id = await setUp(n8n);
	const sent: string[] = [];
	const stream = async (from: number, to: number) => {
		for (let i = from; i <= to; i++) {
			const text = `stream ${i}`;
			push(text);
			sent.push(text);
			await new Promise((resolve) => setTimeout(resolve, 15));
		}
	};
	await stream(1, 10);
	// On a loaded machine the first executions can take seconds: the kill must fall after some
	// ran (so that it is mid-stream), not merely after some were pushed.
	await waitForTexts(n8n, id, ['stream 1'], 60_000);
	await stream(11, 25);
	process.kill(-n8n.pid, 'SIGKILL');
	await stream(26, 40);
	await n8n.stop();
	const restartedAt = Date.now();
	n8n = await start(folder);
	await waitForTexts(n8n, id, sent, 90_000);
	// The kill really fell mid-stream: some executions ran before it, the rest came by catch-up.
	const executions = (await n8n.executions(id)) as Array<{
		startedAt?: string;
		createdAt?: string;
	}>;
	const started = executions.map((e) => Date.parse(e.startedAt ?? e.createdAt ?? ''));
	expect(started.filter((t) => t < restartedAt).length).toBeGreaterThan(0);
	expect(started.filter((t) => t >= restartedAt).length).toBeGreaterThan(0);
	await new Promise((resolve) => setTimeout(resolve, 2000));
	const got = await receivedTexts(n8n, id);
	for (const text of sent) expect(count(got, text)).toBeGreaterThanOrEqual(1);
	// Bound: only messages whose executions n8n had not confirmed when it last wrote the
	// workflow's static data can run twice, and n8n 2.41 refuses those by deduplication key.
	const duplicates = sent.filter((t) => count(got, t) > 1);
	expect(duplicates).toEqual([]);
	await n8n.stop();
}, 300_000);
