// Issue 15's scheduled channel collection (examples/channel-collection.json) in a real n8n: three
// runs with new posts, a repost and an edit pushed in between; the rows read back from n8n's data
// table hold each post once, the edited post's row updated in place, nothing written twice.
import { randomUUID } from 'node:crypto';

import { demoWiring, type Example } from '../../scripts/examples';
import { seedDemoWorld } from '../server/control/demo';
import { exampleSuite, loopbackCredential, wiredExample, type ExampleSuite } from './examples';

const both = exampleSuite();
const TABLE = 'telegram_channel_posts';

interface Row {
	id: number;
	postKey: string;
	chatId: string;
	messageId: number;
	postedAt: string | null;
	editedAt: string | null;
	text: string;
	contentHash: string;
	updatedAt: string;
}

type RunData = {
	resultData: { runData: Record<string, Array<{ data?: { main: unknown[][] } }>> };
};

/**
 * The workflow with its Schedule Trigger swapped for a production webhook, so the test decides
 * when a run happens and n8n still runs it as a production execution (static data saved).
 */
function runnableNow(workflow: Example['workflow'], path: string): Example['workflow'] {
	const schedule = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger');
	if (!schedule) throw new Error('the example has no Schedule Trigger');
	const connections = workflow.connections as Record<string, unknown>;
	const trigger = {
		id: randomUUID(),
		name: 'Run Now',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
	};
	const { [schedule.name]: out, ...rest } = connections;
	return {
		...workflow,
		nodes: [...workflow.nodes.filter((n) => n !== schedule), trigger as never],
		connections: { ...rest, 'Run Now': out },
	};
}

async function rows({ n8n }: ExampleSuite): Promise<Row[]> {
	const tables = await n8n.api<{ data: Array<{ id: string; name: string }> }>(
		'GET',
		'/data-tables?limit=100',
	);
	const table = tables.data.find((t) => t.name === TABLE);
	if (!table) return [];
	const page = await n8n.api<{ data: Row[] }>('GET', `/data-tables/${table.id}/rows?limit=250`);
	return page.data;
}

/** Each test starts with no table (the workflow creates it): the tests share one n8n. */
async function dropTable({ n8n }: ExampleSuite): Promise<void> {
	const tables = await n8n.api<{ data: Array<{ id: string; name: string }> }>(
		'GET',
		'/data-tables?limit=100',
	);
	for (const table of tables.data.filter((t) => t.name === TABLE)) {
		await n8n.api('DELETE', `/data-tables/${table.id}`);
	}
	expect(await rows({ n8n } as ExampleSuite)).toEqual([]);
}

async function run(s: ExampleSuite, workflowId: string, path: string) {
	const res = await s.n8n.runWebhook(path, {}, 90_000);
	expect(res.status).toBe(200);
	const [latest] = await s.n8n.executions(workflowId);
	expect(latest.status).toBe('success');
	const data = latest.data as RunData;
	const count = (node: string) => data.resultData.runData[node]?.[0]?.data?.main[0]?.length ?? 0;
	return { newPosts: count('Collect New Posts'), stored: count('Store Post') };
}

const texts = (list: Row[]) => list.map((r) => r.text).sort();
const byKey = (list: Row[]) => new Map(list.map((r) => [r.postKey, r]));

test('three runs store each post once, skip a repost, and update an edited post in place', async () => {
	const s = both();
	await dropTable(s);
	const c = s.telegram.control;
	const me = c.createAccount({ phone: '15550015001', firstName: 'Collector', session: true });
	const editor = c.createUser({ firstName: 'Editor', username: 'posts_editor' }).userId;
	const alpha = c.createChannel({
		title: 'Alpha news',
		creatorId: editor,
		username: 'alpha_news',
		memberIds: [me.userId],
	}).channelId;
	const beta = c.createChannel({
		title: 'Beta news',
		creatorId: editor,
		username: 'beta_news',
		memberIds: [me.userId],
	}).channelId;
	const seeded = c.seedMessages({ channelId: alpha, count: 5, text: 'Alpha post {i}' });
	c.seedMessages({ channelId: beta, count: 3, text: 'Beta post {i}' });
	const credential = await loopbackCredential(s, me.session);
	const path = `collect-${randomUUID()}`;
	const workflow = wiredExample('channel-collection.json', credential, {
		channels: '@alpha_news, @beta_news',
	});
	const { id } = await s.n8n.importWorkflow(runnableNow(workflow, path));
	await s.n8n.activate(id);

	// Run 1: the first run takes the channels' last posts.
	expect(await run(s, id, path)).toEqual({ newPosts: 8, stored: 8 });
	const first = await rows(s);
	expect(texts(first)).toEqual([
		...[1, 2, 3, 4, 5].map((i) => `Alpha post ${i}`),
		...[1, 2, 3].map((i) => `Beta post ${i}`),
	]);
	expect(byKey(first).size).toBe(8);
	const edited = `-100${alpha}/${seeded.firstId + 2}`;
	expect(byKey(first).get(edited)).toMatchObject({ text: 'Alpha post 3', editedAt: null });

	// Run 2: only the new posts are collected; a repost of stored content is not stored again.
	c.pushMessage({ fromId: editor, channelId: alpha, text: 'Alpha post 6' });
	c.pushMessage({ fromId: editor, channelId: beta, text: 'Beta post 4' });
	c.pushMessage({ fromId: editor, channelId: beta, text: 'Alpha  post 2' });
	expect(await run(s, id, path)).toEqual({ newPosts: 3, stored: 2 });
	const second = await rows(s);
	expect(texts(second)).toEqual([...texts(first), 'Alpha post 6', 'Beta post 4'].sort());

	// Run 3: an older post edited since is updated in its own row; nothing else is rewritten.
	c.pushEdit({ channelId: alpha, id: seeded.firstId + 2, text: 'Alpha post 3 (corrected)' });
	c.pushMessage({ fromId: editor, channelId: alpha, text: 'Alpha post 7' });
	expect(await run(s, id, path)).toEqual({ newPosts: 1, stored: 2 });
	const third = await rows(s);
	expect(third).toHaveLength(11);
	expect(byKey(third).size).toBe(11);
	const before = byKey(second).get(edited)!;
	const after = byKey(third).get(edited)!;
	expect(after).toMatchObject({ id: before.id, text: 'Alpha post 3 (corrected)' });
	expect(after.editedAt).not.toBeNull();
	expect(after.contentHash).not.toBe(before.contentHash);
	for (const row of second) {
		if (row.postKey === edited) continue;
		expect(byKey(third).get(row.postKey)).toEqual(row);
	}
	expect(s.n8n.outboundAttempts()).toEqual([]);
	await s.n8n.deactivate(id);
}, 300_000);

test('the example as `npm run dev` loads it collects the demo channels', async () => {
	const s = both();
	await dropTable(s);
	const demo = seedDemoWorld(s.telegram.control);
	const credential = await loopbackCredential(s, demo.account.session);
	const path = `collect-demo-${randomUUID()}`;
	// Wired exactly as `npm run dev` wires it.
	const { values, placeholders } = demoWiring(demo);
	const workflow = wiredExample('channel-collection.json', credential, values, placeholders);
	const { id } = await s.n8n.importWorkflow(runnableNow(workflow, path));
	await s.n8n.activate(id);
	const { newPosts } = await run(s, id, path);
	// All 48 posts of @demo_channel (40 texts, 8 media) and all 12 of @demo_news, one row each.
	expect(newPosts).toBe(60);
	const perChannel: Record<string, number> = {};
	for (const row of await rows(s)) perChannel[row.chatId] = (perChannel[row.chatId] ?? 0) + 1;
	expect(perChannel).toMatchObject({
		[`-100${demo.channel.channelId}`]: 48,
		[`-100${demo.collection.newsChannelId}`]: 12,
	});
	await s.n8n.deactivate(id);
}, 300_000);
