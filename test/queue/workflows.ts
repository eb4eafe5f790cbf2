// Workflows the queue tests import, as a user builds them: a Webhook (answering with the last
// node's output) in front of one Telegram Account operation, and the credential they use.
import { randomUUID } from 'node:crypto';

import type { TestServer } from '../server';
import type { N8nClient } from '../n8n/harness';

export const NODE_TYPE = 'n8n-nodes-telegram-account.telegramAccount';

/** The account's credential in n8n, pointed at the loopback server's home DC. */
export async function importAccount(
	n8n: N8nClient,
	tg: TestServer,
	session: string,
	options: Record<string, unknown> = {},
): Promise<{ id: string; name: string }> {
	const home = tg.dcs[0];
	const name = 'Loopback account';
	const { id } = await n8n.importCredential({
		name,
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
				...options,
			},
		},
	});
	return { id, name };
}

/** Webhook `path` → Telegram Account with `parameters`; answers with the node's output. */
export function webhookWorkflow(
	name: string,
	path: string,
	credential: { id: string; name: string },
	parameters: Record<string, unknown>,
): Record<string, unknown> {
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
			{
				id: randomUUID(),
				name: 'Telegram Account',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters,
				credentials: { telegramAccountApi: credential },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Telegram Account', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Send Text of the webhook body's `text` to `username`, at most `perSecond` sends a second. */
export function sendTextParameters(username: string, perSecond = 0): Record<string, unknown> {
	return {
		resource: 'message',
		operation: 'sendText',
		chatId: { __rl: true, mode: 'username', value: username },
		text: '={{ $json.body.text }}',
		options: perSecond > 0 ? { sendsPerSecond: perSecond } : {},
	};
}

export function collectParameters(username: string): Record<string, unknown> {
	return {
		resource: 'history',
		operation: 'collect',
		chats: username,
		returnAll: true,
		incremental: false,
		firstRun: 'all',
	};
}

/** Runs `tasks` with at most `limit` at once; resolves with their results in order. */
export async function inParallel<T>(
	count: number,
	limit: number,
	task: (index: number) => Promise<T>,
): Promise<T[]> {
	const results: T[] = new Array<T>(count);
	let next = 0;
	const lane = async () => {
		while (next < count) {
			const index = next++;
			results[index] = await task(index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, count) }, lane));
	return results;
}

/** An execution that has ended, well or not (n8n's `finished` is true for successes only). */
export function hasEnded(execution: { status: string }): boolean {
	return !['new', 'running', 'waiting'].includes(execution.status);
}
