// The node as an AI tool in a real n8n: an MCP Server Trigger exposes two Telegram Account tools
// and this test plays the model (an MCP client calling tools with the arguments it likes). One
// tool's operation is `$fromAI('operation')` (an imported workflow can hold it): asking it for
// logOut must never reach Telegram. Session Status must not hand the phone number to the model.
import { randomUUID } from 'node:crypto';

import { httpJson } from './http';
import { n8nSuite } from './suite';
import { loopbackCredential } from './examples';

const both = n8nSuite();
const PHONE = '15550007001';

function toolWorkflow(credentialId: string, path: string) {
	const credentials = { telegramAccountApi: { id: credentialId, name: 'Loopback account' } };
	const tool = (name: string, y: number, parameters: Record<string, unknown>) => ({
		id: randomUUID(),
		name,
		type: 'n8n-nodes-telegram-account.telegramAccountTool',
		typeVersion: 1,
		position: [0, y],
		parameters,
		credentials,
	});
	return {
		name: 'Telegram tools over MCP',
		nodes: [
			{
				id: randomUUID(),
				name: 'MCP Server Trigger',
				type: '@n8n/n8n-nodes-langchain.mcpTrigger',
				typeVersion: 2,
				position: [400, 0],
				webhookId: randomUUID(),
				parameters: { path, authentication: 'none' },
			},
			tool('Account Action', 0, {
				resource: 'account',
				operation: "={{ $fromAI('operation', 'getMe, sessionStatus or logOut', 'string') }}",
			}),
			tool('Session Status', 200, { resource: 'account', operation: 'sessionStatus' }),
		],
		connections: {
			'Account Action': { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] },
			'Session Status': { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** A minimal MCP client over Streamable HTTP: JSON-RPC posts, answers as JSON or one SSE event. */
function mcpClient(url: string) {
	let session: string | undefined;
	let nextId = 1;
	const post = async (method: string, params: unknown, notification = false) => {
		const res = await httpJson({
			method: 'POST',
			url,
			headers: {
				accept: 'application/json, text/event-stream',
				...(session ? { 'mcp-session-id': session } : {}),
			},
			body: { jsonrpc: '2.0', method, params, ...(notification ? {} : { id: nextId++ }) },
			timeoutMs: 60_000,
		});
		const header = res.headers['mcp-session-id'];
		if (typeof header === 'string') session = header;
		if (notification) return undefined;
		const data = res.text
			.split('\n')
			.filter((line) => line.startsWith('data:'))
			.map((line) => line.slice(5).trim())
			.at(-1);
		const message = (data ? JSON.parse(data) : res.body) as {
			result?: Record<string, unknown>;
			error?: { message: string };
		};
		if (!message?.result) throw new Error(`MCP ${method}: HTTP ${res.status} ${res.text}`);
		return message.result;
	};
	return {
		async connect() {
			await post('initialize', {
				protocolVersion: '2025-03-26',
				capabilities: {},
				clientInfo: { name: 'tool-use-test', version: '1.0.0' },
			});
			await post('notifications/initialized', {}, true);
		},
		async tools() {
			const result = await post('tools/list', {});
			return (result!.tools as Array<{ name: string }>).map((t) => t.name);
		},
		async call(name: string, args: Record<string, unknown>) {
			const result = await post('tools/call', { name, arguments: args });
			const content = result!.content as Array<{ type: string; text?: string }>;
			return content.map((c) => c.text ?? '').join('\n');
		},
	};
}

test('a model cannot log the account out, nor read its phone number, through the tools', async () => {
	const { telegram: tg, n8n: instance } = both();
	const made = tg.control.createAccount({
		phone: PHONE,
		firstName: 'Tool',
		username: 'tooluser',
		session: true,
	});
	if (!made.session) throw new Error('the loopback server made no session');
	const credential = await loopbackCredential({ telegram: tg, n8n: instance }, made.session);
	const { id } = await instance.importWorkflow(toolWorkflow(credential.id, 'telegram-tools'));
	await instance.activate(id);

	const mcp = mcpClient(`${instance.baseUrl}/mcp/telegram-tools`);
	await mcp.connect();
	const names = await mcp.tools();
	expect(names).toHaveLength(2);
	const action = names.find((n) => /account_action/i.test(n))!;
	const status = names.find((n) => /session_status/i.test(n))!;

	const refused = await mcp.call(action, { operation: 'logOut' });
	expect(refused).toMatch(/expression, which this node refuses/);
	expect(tg.control.rpcLog({ method: 'auth.LogOut' })).toHaveLength(0);

	const answer = await mcp.call(status, {});
	expect(answer).toMatch(/tooluser/);
	expect(answer).not.toContain(PHONE);
	expect(answer).not.toMatch(/"phone"/);
	// The session still works: nothing logged it out.
	expect(tg.control.rpcLog({ method: 'auth.LogOut' })).toHaveLength(0);
	expect(instance.outboundAttempts()).toEqual([]);
}, 180_000);
