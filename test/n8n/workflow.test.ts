// A workflow as a user builds it, run by a real n8n: Webhook → Telegram Account (Get Me) against
// the loopback Telegram server in this jest process; the webhook answers with the node's output and
// n8n records a successful execution.
import { randomUUID } from 'node:crypto';

import { n8nSuite } from './suite';
import { loopbackCredential } from './examples';
import type { Execution } from './harness';

const both = n8nSuite();

function getMeWorkflow(credentialId: string, path: string) {
	return {
		name: 'Get Me over a webhook',
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
				type: 'n8n-nodes-telegram-account.telegramAccount',
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'account', operation: 'getMe' },
				credentials: { telegramAccountApi: { id: credentialId, name: 'Loopback account' } },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Telegram Account', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

async function waitForExecutions(workflowId: string, count: number): Promise<Execution[]> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const executions = (await both().n8n.executions(workflowId)).filter((e) => e.finished);
		if (executions.length >= count || Date.now() > deadline) return executions;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

test('an active webhook workflow answers with Get Me of the credential account', async () => {
	const { telegram: tg, n8n: instance } = both();
	const made = tg.control.createAccount({
		phone: '15550002001',
		firstName: 'Flow',
		username: 'flowuser',
		session: true,
	});
	if (!made.session) throw new Error('the loopback server made no session');
	const credential = await loopbackCredential({ telegram: tg, n8n: instance }, made.session);
	const { id } = await instance.importWorkflow(getMeWorkflow(credential.id, 'get-me'));
	await instance.activate(id);

	for (let run = 0; run < 2; run++) {
		const answer = await instance.runWebhook('get-me', { run });
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({ username: 'flowuser' });
		expect(JSON.stringify(answer.body)).toContain(String(made.userId));
	}
	const executions = await waitForExecutions(id, 2);
	expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
	expect(instance.outboundAttempts()).toEqual([]);
}, 120_000);
