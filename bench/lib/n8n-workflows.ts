// The workflows figures 3n and 5 run in a real n8n, all of one shape: Webhook (answers with the
// last node's output) → one node. Plus a loopback HTTP endpoint for the HTTP Request reference.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';

import { freePort } from '../../test/n8n/runtime';

type NodeSpec = Record<string, unknown> & { name: string };

/** n8n's default saves every successful run; 'none' keeps only failures. */
export type SaveSuccess = 'all' | 'none';

export function webhookWorkflow(name: string, path: string, next: NodeSpec, save?: SaveSuccess) {
	return {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
			},
			{ id: randomUUID(), position: [220, 0], ...next },
		],
		connections: { Webhook: { main: [[{ node: next.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1', ...(save && { saveDataSuccessExecution: save }) },
	};
}

export const sendTextNode = (peerUsername: string, credentialId: string): NodeSpec => ({
	name: 'Telegram Account',
	type: 'n8n-nodes-telegram-account.telegramAccount',
	typeVersion: 1,
	parameters: {
		resource: 'message',
		operation: 'sendText',
		chatId: { __rl: true, mode: 'username', value: peerUsername },
		text: 'bench: from n8n',
		options: {},
	},
	credentials: { telegramAccountApi: { id: credentialId, name: 'Bench account' } },
});

export const noopNode = (): NodeSpec => ({
	name: 'No Operation',
	type: 'n8n-nodes-base.noOp',
	typeVersion: 1,
	parameters: {},
});

/** n8n's own HTTP Request node with a header-auth credential: one loopback GET. */
export const httpRequestNode = (url: string, credentialId: string): NodeSpec => ({
	name: 'HTTP Request',
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	parameters: {
		url,
		authentication: 'genericCredentialType',
		genericAuthType: 'httpHeaderAuth',
		options: {},
	},
	credentials: { httpHeaderAuth: { id: credentialId, name: 'Bench header' } },
});

/** A tiny JSON endpoint on 127.0.0.1 (a port in 10000–32000) for the HTTP Request node. */
export async function startJsonEndpoint(): Promise<{ url: string; close(): Promise<void> }> {
	const server: Server = createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{"ok":true}');
	});
	for (let attempt = 0; ; attempt++) {
		const port = await freePort();
		const listening = await new Promise<boolean>((resolve) => {
			server.once('error', () => resolve(false));
			server.listen(port, '127.0.0.1', () => resolve(true));
		});
		if (listening) {
			return {
				url: `http://127.0.0.1:${port}/`,
				close: () => new Promise((resolve) => server.close(() => resolve())),
			};
		}
		if (attempt >= 3) throw new Error('no free port for the JSON endpoint');
	}
}

/** History → Collect of one chat, every message (or only `limit`), with the summary item. */
export const collectNode = (chat: string, credentialId: string, limit?: number): NodeSpec => ({
	name: 'Telegram Account',
	type: 'n8n-nodes-telegram-account.telegramAccount',
	typeVersion: 1,
	parameters: {
		resource: 'history',
		operation: 'collect',
		chats: chat,
		...(limit === undefined ? { returnAll: true } : { returnAll: false, limit }),
		filters: {},
		// BENCH_HISTORY_N8N_CONCURRENCY: id windows fetched at once (the node's default is 4).
		options: process.env.BENCH_HISTORY_N8N_CONCURRENCY
			? { concurrency: Number(process.env.BENCH_HISTORY_N8N_CONCURRENCY) }
			: {},
	},
	credentials: { telegramAccountApi: { id: credentialId, name: 'Bench account' } },
});

/**
 * n8n's own Code node returning the items stored as a JSON array in `file` (read in its task
 * runner, which needs NODE_FUNCTION_ALLOW_BUILTIN=fs): the in-n8n history figure's reference.
 */
export const codeItemsNode = (file: string): NodeSpec => ({
	name: 'Code',
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: {
		language: 'javaScript',
		mode: 'runOnceForAllItems',
		jsCode: [
			"const fs = require('fs');",
			`return JSON.parse(fs.readFileSync(${JSON.stringify(file)}, 'utf8')).map((json) => ({ json }));`,
		].join('\n'),
	},
});
