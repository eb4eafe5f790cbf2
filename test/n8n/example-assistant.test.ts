// examples/ai-assistant.json in a real n8n: a customer's private message starts n8n's AI Agent,
// whose chat model is an OpenAI-compatible stub on 127.0.0.1 that answers with real tool calls.
// The agent shows "typing", reads the chat through our tool, and sends one reply as the account;
// the loopback server says what reached the customer, the stub says what reached the model.
import * as path from 'node:path';

import { readExamples, wireExample } from '../../scripts/examples';
import { TOOL_HINTS } from '../../nodes/TelegramAccount/helpers/toolHints';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { startTestServer, type TestServer } from '../server';
import { startN8n, type Execution, type N8nInstance } from './harness';
import { loopbackCredential } from './examples';
import {
	assistantScript,
	startOpenAiStub,
	textOf,
	toolResults,
	type OpenAiStub,
} from './openaiStub';

let handles: HandleCounts;
let stub: OpenAiStub | undefined;
let telegram: TestServer | undefined;
let instance: N8nInstance | undefined;
const both = () => {
	if (!telegram || !instance) throw new Error('set-up failed');
	return { telegram, n8n: instance };
};

const HISTORY = 30;
const ASKED = 5;

const reply = (newest: string) => `About "${newest}": yes, we do!`;

beforeAll(async () => {
	handles = handleSnapshot();
	stub = await startOpenAiStub(assistantScript({ read: ASKED, reply }));
	telegram = await startTestServer();
	// n8n's start can take minutes on a loaded machine: a longer readiness bound than the default.
	instance = await startN8n({ readyTimeoutMs: 280_000 });
}, 300_000);

afterAll(async () => {
	await instance?.stop();
	await telegram?.stop();
	await stub?.stop();
	await expectNoLeakedHandles(handles, 5_000);
}, 40_000);

async function importCredentials(tg: TestServer, session: string, baseUrl: string) {
	const { n8n } = both();
	const telegram = await loopbackCredential({ telegram: tg, n8n }, session);
	const openAi = await n8n.importCredential({
		name: 'Model stub',
		type: 'openAiApi',
		data: { apiKey: 'sk-stub-not-a-secret', url: baseUrl, header: false },
	});
	return {
		telegramAccountApi: { id: telegram.id, name: 'Loopback account' },
		openAiApi: { id: openAi.id, name: 'Model stub' },
	};
}

function example() {
	const found = readExamples(path.join(__dirname, '../../examples')).find(
		(e) => e.file === 'ai-assistant.json',
	);
	if (!found) throw new Error('examples/ai-assistant.json is missing');
	return found;
}

/** The newest execution of the workflow, once it has ended. */
async function ended(n8n: N8nInstance, workflowId: string, ms: number): Promise<Execution> {
	return await until('the agent run ended', ms, async () => {
		const [last] = await n8n.executions(workflowId);
		return last && last.status !== 'running' && last.status !== 'new' ? last : undefined;
	});
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		const value = await probe();
		if (value !== undefined) return value;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${what}: not within ${ms} ms`);
}

test('a customer writes; the agent shows typing, reads the chat and replies once as the user', async () => {
	const { telegram: tg, n8n } = both();
	const c = tg.control;
	const me = c.createAccount({ phone: '15550009001', firstName: 'Ann', session: true });
	const carol = c.createUser({ firstName: 'Carol', username: 'carol_buyer' }).userId;
	c.seedMessages({ between: [me.userId, carol], count: HISTORY, text: 'Earlier message {i}' });
	// Who got a "typing" update: the customer has no client here, so watch the server's pushes.
	const typingTo: number[] = [];
	const push = tg.world.push.bind(tg.world);
	tg.world.push = (userId, build, except) => {
		const update = (build() as { update?: { className?: string } }).update;
		if (update?.className === 'UpdateUserTyping') typingTo.push(userId);
		push(userId, build, except);
	};

	const credentials = await importCredentials(tg, me.session!, stub!.baseUrl);
	const { id } = await n8n.importWorkflow(wireExample(example(), credentials, {}));
	await n8n.activate(id);

	stub!.script = assistantScript({ read: ASKED, reply });
	const question = 'Do you ship to Lisbon?';
	const before = c.sentMessages({ userId: me.userId }).length;
	const seen = stub!.requests.length;
	c.pushMessage({ fromId: carol, toUserId: me.userId, text: question });
	expect((await ended(n8n, id, 120_000)).status).toBe('success');

	// Exactly one message went out, to Carol, from the account, quoting what the tool read.
	const answer = reply(question);
	const sent = c.sentMessages({ userId: me.userId }).slice(before);
	expect(sent.map((m) => ({ peer: m.peer, text: m.text }))).toEqual([
		{ peer: { type: 'user', id: carol }, text: answer },
	]);
	const inCarolsChat = [...tg.world.box(carol).msgs.values()].at(-1)!;
	expect(inCarolsChat.core).toMatchObject({ fromId: me.userId, text: answer });
	expect(inCarolsChat.out).toBe(false);
	expect(typingTo).toEqual([carol]);

	// What the model was offered: three tools, none destructive, each field with its description.
	const requests = stub!.requests.slice(seen);
	const first = requests[0];
	const tools = first.tools!.map((t) => t.function);
	expect(tools.map((t) => t.name).sort()).toEqual([
		'Read_Recent_Messages',
		'Send_Reply',
		'Show_Typing',
	]);
	for (const request of requests) {
		for (const tool of request.tools ?? []) {
			expect(tool.function.name).not.toMatch(/delete|edit|leave|log_?out/i);
			expect(tool.function.description).not.toMatch(/delete|edit|leave|log ?out/i);
		}
	}
	const byName = new Map(tools.map((t) => [t.name, t]));
	expect(byName.get('Send_Reply')!.description).toBe('Send a text message in Telegram Account');
	expect(byName.get('Send_Reply')!.parameters!.properties!.text.description).toBe(TOOL_HINTS.text);
	expect(byName.get('Read_Recent_Messages')!.parameters!.properties!.limit.description).toBe(
		TOOL_HINTS.limit,
	);
	// The chat is not the model's to choose: the only fields it fills are the text and the count.
	const fields = (name: string) => Object.keys(byName.get(name)!.parameters!.properties ?? {});
	expect(fields('Send_Reply')).toEqual(['text']);
	expect(fields('Read_Recent_Messages')).toEqual(['limit']);
	expect(fields('Show_Typing')).toEqual([]);

	// What came back to the model from our tools: compact, bounded, the customer's words in it.
	const last = requests.at(-1)!;
	const results = toolResults(last.messages);
	expect([...results.keys()].sort()).toEqual(['Read_Recent_Messages', 'Send_Reply', 'Show_Typing']);
	// The model asked for ASKED messages: it got the newest ASKED, each in the compact shape.
	const read = JSON.parse(results.get('Read_Recent_Messages')!) as Array<Record<string, unknown>>;
	expect(read.map((m) => m.text)).toEqual([
		question,
		...Array.from({ length: ASKED - 1 }, (_, i) => `Earlier message ${HISTORY - i}`),
	]);
	expect(read[0]).toEqual({
		id: expect.any(Number),
		chatId: String(carol),
		date: expect.any(String),
		sender: { id: String(carol), name: 'Carol', username: 'carol_buyer' },
		text: question,
	});
	const shape = ['id', 'chatId', 'date', 'sender', 'isOutgoing', 'text'];
	for (const m of read) expect(Object.keys(m).filter((k) => !shape.includes(k))).toEqual([]);
	expect(read.filter((m) => m.isOutgoing === true)).toHaveLength(2);
	expect(results.get('Read_Recent_Messages')).not.toMatch(/textHash|mediaHash|null/);
	expect(results.get('Show_Typing')).toMatch(/typing/);
	expect(JSON.parse(results.get('Send_Reply')!)).toEqual([
		expect.objectContaining({ isOutgoing: true, chatId: String(carol), text: answer }),
	]);
	expect(textOf(last.messages.find((m) => m.role === 'user')!)).toContain(
		`Carol wrote: ${question}`,
	);

	expect(c.rpcLog({ method: 'messages.DeleteMessages' })).toHaveLength(0);
	expect(c.rpcLog({ method: 'messages.EditMessage' })).toHaveLength(0);
	expect(c.rpcLog({ method: 'auth.LogOut' })).toHaveLength(0);
	expect(stub!.unknown).toEqual([]);
	expect(n8n.outboundAttempts()).toEqual([]);
	tg.world.push = push;
}, 240_000);

test('a read tool that leaves the chat to the model says what a chat may be, and never gives all', async () => {
	const { telegram: tg, n8n } = both();
	const c = tg.control;
	const me = c.createAccount({ phone: '15550009002', firstName: 'Dan', session: true });
	const erin = c.createUser({ firstName: 'Erin', username: 'erin_asks' }).userId;
	c.seedMessages({ between: [me.userId, erin], count: 80, text: 'Old message {i}' });
	// As a user would change the example: the model names the chat to read.
	const workflow = wireExample(
		example(),
		await importCredentials(tg, me.session!, stub!.baseUrl),
		{},
	);
	workflow.name = 'Assistant that picks the chat to read';
	const readNode = workflow.nodes.find((n) => n.parameters.operation === 'collect')!;
	readNode.parameters.chats = `={{ $fromAI('chat', \`${TOOL_HINTS.chat}\`, 'string') }}`;
	const { id } = await n8n.importWorkflow(workflow);
	await n8n.activate(id);
	// A greedy model: it asks for 500 messages of @erin_asks.
	stub!.script = assistantScript({ read: 500, readArgs: { chat: '@erin_asks' }, reply });

	const seen = stub!.requests.length;
	const question = 'Are you open on Sunday?';
	c.pushMessage({ fromId: erin, toUserId: me.userId, text: question });
	expect((await ended(n8n, id, 120_000)).status).toBe('success');

	const requests = stub!.requests.slice(seen);
	const read = requests[0].tools!.find((t) => t.function.name === 'Read_Recent_Messages')!;
	expect(read.function.parameters!.properties!.chat.description).toBe(TOOL_HINTS.chat);
	expect(TOOL_HINTS.chat).toMatch(/@username.*numeric chat ID.*t\.me link.*"me"/);
	const got = JSON.parse(toolResults(requests.at(-1)!.messages).get('Read_Recent_Messages')!);
	expect(got).toHaveLength(50);
	expect(got[0]).toMatchObject({ text: question, sender: { username: 'erin_asks' } });
	expect(c.sentMessages({ userId: me.userId }).map((m) => m.text)).toEqual([reply(question)]);
}, 240_000);
