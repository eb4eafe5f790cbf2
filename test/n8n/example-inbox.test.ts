// Issue 15's support inbox (examples/support-inbox.json) in a real n8n: a customer writes to the
// account, a copy naming them lands in the work group, a teammate replies to the copy, and the
// customer receives that reply from the account. The loopback server shows what reached each chat.
import { demoWiring, WORK_GROUP_PLACEHOLDER } from '../../scripts/examples';
import { seedDemoWorld } from '../server/control/demo';
import { stableRandomId } from '../../nodes/shared/transport/inDoubt';
import { storeOf } from '../server/world/messaging';
import { alreadySent } from '../server/world/random-ids';
import type { MsgRec } from '../server/world/types';
import {
	exampleSuite,
	loopbackCredential,
	pollUntil,
	wiredExample,
	type ExampleSuite,
} from './examples';

const both = exampleSuite();

/** Sender and text of every message of a chat, oldest first (a box's dialog, or a channel). */
function chatTexts(s: ExampleSuite, owner: number, peer?: { type: string; id: number }) {
	const store = storeOf(s.telegram.world, owner);
	if (!store) throw new Error(`no message store for ${owner}`);
	return [...store.msgs.values()]
		.filter((m: MsgRec) => !peer || (m.peer.type === peer.type && m.peer.id === peer.id))
		.filter((m) => !m.core.action)
		.sort((a, b) => a.id - b.id)
		.map((m) => [m.core.fromId, m.core.text]);
}

async function settledExecutions(s: ExampleSuite, workflowId: string, count: number) {
	return await pollUntil(
		() => s.n8n.executions(workflowId),
		(list) => list.length >= count && list.every((e) => !['new', 'running'].includes(e.status)),
		90_000,
		`${count} finished executions`,
	);
}

async function startInbox(
	s: ExampleSuite,
	session: string | undefined,
	wiring: { values: Record<string, string | number>; placeholders: Record<string, string> },
) {
	const credential = await loopbackCredential(s, session);
	const { values, placeholders } = wiring;
	const workflow = wiredExample('support-inbox.json', credential, values, placeholders);
	const { id } = await s.n8n.importWorkflow(workflow);
	await s.n8n.activate(id);
	return id;
}

test('customer → copy in the work group → teammate reply → the customer gets it, as the user', async () => {
	const s = both();
	const c = s.telegram.control;
	const me = c.createAccount({ phone: '15550015101', firstName: 'Shop', session: true });
	const carol = c.createAccount({
		phone: '15550015102',
		firstName: 'Carol',
		lastName: 'Customer',
		username: 'carol_customer',
		session: false,
	}).userId;
	const dana = c.createAccount({
		phone: '15550015103',
		firstName: 'Dana',
		username: 'dana_team',
		session: false,
	}).userId;
	const team = c.createChannel({
		title: 'Support team',
		creatorId: me.userId,
		megagroup: true,
		memberIds: [dana],
	}).channelId;
	const placeholders = { [WORK_GROUP_PLACEHOLDER]: `-100${team}` };
	const id = await startInbox(s, me.session, { values: {}, placeholders });

	c.pushMessage({ fromId: carol, toUserId: me.userId, text: 'Where is my order 42?' });
	const inGroup = () =>
		c.sentMessages({ userId: me.userId }).filter((m) => m.peer.type === 'channel');
	const [copy] = await pollUntil(inGroup, (l) => l.length > 0, 90_000, 'the copy in the group');
	expect(copy.peer).toEqual({ type: 'channel', id: team });
	expect(copy.text).toBe(
		[
			'💬 Carol Customer (@carol_customer)',
			`Customer chat: ${carol}`,
			'',
			'Where is my order 42?',
			'',
			'↩️ Reply to this message to answer the customer.',
		].join('\n'),
	);

	// The copy's random_id is keyed by the incoming message, not the execution: were n8n to run
	// that message twice (queue mode, a restart), Telegram would keep one copy (decision 0013).
	const incoming = [...storeOf(s.telegram.world, me.userId)!.msgs.values()].find(
		(m: MsgRec) => m.core.fromId === carol,
	)!;
	const key = ['Customer Messages', 'new', String(carol), incoming.id, ''].join(':');
	const seed = [id, key, 'Copy to Team', 0, 0].join('|');
	const randomId = stableRandomId(seed, `-100${team}`, '0', copy.text);
	expect(alreadySent(s.telegram.world, me.userId, randomId.toString())).toMatchObject({
		rec: { id: copy.id },
	});

	// What the route must leave alone: a plain group message, and a reply to a teammate's message
	// that quotes the marker line (only copies this account posted count).
	const plain = c.pushMessage({ fromId: dana, channelId: team, text: `Customer chat: ${dana}` });
	c.pushMessage({ fromId: dana, channelId: team, text: 'Not for Carol', replyToId: plain.id });
	c.pushMessage({ fromId: dana, channelId: team, text: 'It ships tomorrow!', replyToId: copy.id });
	const toCarol = () => c.sentMessages({ userId: me.userId }).filter((m) => m.peer.type === 'user');
	const [reply] = await pollUntil(toCarol, (l) => l.length > 0, 90_000, 'the reply to Carol');
	expect(reply).toMatchObject({ peer: { type: 'user', id: carol }, text: 'It ships tomorrow!' });

	// One execution per message (1 customer message, 3 group messages), all done: then nothing
	// more can be sent, and the server shows exactly what reached each chat.
	const executions = await settledExecutions(s, id, 4);
	expect(executions.map((e) => e.status)).toEqual(['success', 'success', 'success', 'success']);
	expect(c.sentMessages({ userId: me.userId }).map((m) => m.id)).toEqual([copy.id, reply.id]);
	expect(chatTexts(s, carol, { type: 'user', id: me.userId })).toEqual([
		[carol, 'Where is my order 42?'],
		[me.userId, 'It ships tomorrow!'],
	]);
	expect(chatTexts(s, -team)).toEqual([
		[me.userId, copy.text],
		[dana, `Customer chat: ${dana}`],
		[dana, 'Not for Carol'],
		[dana, 'It ships tomorrow!'],
	]);
	expect(s.n8n.outboundAttempts()).toEqual([]);
	await s.n8n.deactivate(id);
}, 300_000);

test('the example as `npm run dev` loads it routes a demo customer through the demo team', async () => {
	const s = both();
	const c = s.telegram.control;
	const demo = seedDemoWorld(c);
	const { workGroup, teammate, customer, accountId } = demo.supportInbox;
	// Wired exactly as `npm run dev` wires it.
	const id = await startInbox(s, demo.account.session, demoWiring(demo));

	c.pushMessage({ fromId: customer.userId, toUserId: accountId, text: 'Hello, support?' });
	const sent = () => c.sentMessages({ userId: accountId });
	const [copy] = await pollUntil(sent, (l) => l.length > 0, 90_000, 'the copy');
	expect(copy.peer).toEqual({ type: 'channel', id: workGroup.channelId });
	c.pushMessage({
		fromId: teammate.userId,
		channelId: workGroup.channelId,
		text: 'Hi Alice, how can we help?',
		replyToId: copy.id,
	});
	const done = await pollUntil(sent, (l) => l.length > 1, 90_000, 'the reply');
	expect(done[1]).toMatchObject({
		peer: { type: 'user', id: customer.userId },
		text: 'Hi Alice, how can we help?',
	});
	await settledExecutions(s, id, 2);
	expect(sent()).toHaveLength(2);
	await s.n8n.deactivate(id);
}, 300_000);
