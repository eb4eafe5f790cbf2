// examples/ai-assistant.json in a real n8n: a customer's private message starts n8n's AI Agent,
// whose chat model is an OpenAI-compatible stub on 127.0.0.1 that answers with real tool calls.
// The agent shows "typing", reads the chat through our tool, and sends one reply as the account;
// the loopback server says what reached the customer, the stub says what reached the model.
import * as path from 'node:path';

import { readExamples, wireExample } from '../../scripts/examples';
import { TOOL_HINTS } from '../../nodes/TelegramAccount/helpers/toolHints';
import { startTestServer, type TestServer } from '../server';
import { startN8n, type N8nInstance } from './harness';
import {
	assistantScript,
	startOpenAiStub,
	textOf,
	toolResults,
	type OpenAiStub,
} from './openaiStub';

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
	stub = await startOpenAiStub(assistantScript({ read: ASKED, reply }));
	telegram = await startTestServer();
	// n8n's start can take minutes on a loaded machine: a longer readiness bound than the default.
	instance = await startN8n({ readyTimeoutMs: 280_000 });
}, 300_000);

afterAll(async () => {
	await instance?.stop();
	await telegram?.stop();
	await stub?.stop();
}, 30_000);

async function importCredentials(tg: TestServer, session: string, baseUrl: string) {
	const { n8n } = both();
	const home = tg.dcs[0];
	const telegram = await n8n.importCredential({
		name: 'Loopback account',
		type: 'telegramAccountApi',
		data: {
			apiId: 12345,
			apiHash: '0123456789abcdef0123456789abcdef',
			session,
			options: {
				server: 'custom',
				customHost: home.host,
				customPort: home.port,
				customDcId: home.id,
				customRsaPublicKey: tg.rsaPublicKeyPem,
			},
		},
	});
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

	const example = readExamples(path.join(__dirname, '../../examples')).find(
		(e) => e.file === 'ai-assistant.json',
	);
	if (!example) throw new Error('examples/ai-assistant.json is missing');
	const credentials = await importCredentials(tg, me.session!, stub!.baseUrl);
	const { id } = await n8n.importWorkflow(wireExample(example, credentials, {}));
	await n8n.activate(id);

	const question = 'Do you ship to Lisbon?';
	const before = c.sentMessages({ userId: me.userId }).length;
	c.pushMessage({ fromId: carol, toUserId: me.userId, text: question });
	const execution = await until('the agent run ended', 120_000, async () => {
		const [last] = await n8n.executions(id);
		return last && last.status !== 'running' && last.status !== 'new' ? last : undefined;
	});
	expect(execution.status).toBe('success');

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
	const first = stub!.requests[0];
	const tools = first.tools!.map((t) => t.function);
	expect(tools.map((t) => t.name).sort()).toEqual([
		'Read_Recent_Messages',
		'Send_Reply',
		'Show_Typing',
	]);
	for (const request of stub!.requests) {
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
	expect(Object.keys(byName.get('Show_Typing')!.parameters!.properties ?? {})).toEqual([]);

	// What came back to the model from our tools: compact, bounded, the customer's words in it.
	const last = stub!.requests.at(-1)!;
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
	expect(results.get('Send_Reply')).toContain(answer);
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
