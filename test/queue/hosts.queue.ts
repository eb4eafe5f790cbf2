// What happens when n8n's workers reach Telegram from different addresses (separate hosts with
// their own public IPs) while sharing one session: Telegram's AUTH_KEY_DUPLICATED rule, enforced by
// the loopback server, kills the session for good, and every execution then fails with the
// package's clear AUTH_KEY_DUPLICATED message. The README's "what not to do" rests on this test.
// Not part of the reduced CI run (a second n8n cluster costs ~2.5 min): QUEUE_SIZE=full / nightly.
import { startQueueCluster, type QueueCluster } from './cluster';
import { figure, queueSize } from './size';
import {
	hasEnded,
	importAccount,
	inParallel,
	sendTextParameters,
	webhookWorkflow,
} from './workflows';
import type { Execution } from '../n8n/harness';

const suite = queueSize() === 'ci' ? describe.skip : describe;

suite('workers on separate hosts sharing one session', () => {
	let cluster: QueueCluster | undefined;

	beforeAll(async () => {
		cluster = await startQueueCluster({ places: 'host-per-process', workers: 2 });
	}, 600_000);

	afterAll(async () => {
		await cluster?.stop();
	}, 60_000);

	function running(): QueueCluster {
		if (!cluster) throw new Error('the queue cluster did not start');
		return cluster;
	}

	async function finished(workflowId: string, count: number): Promise<Execution[]> {
		const deadline = Date.now() + 60_000;
		for (;;) {
			const done = (await running().main.executions(workflowId)).filter(hasEnded);
			if (done.length >= count || Date.now() > deadline) return done;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}

	test('sends from two hosts at once get the session invalidated (AUTH_KEY_DUPLICATED)', async () => {
		const { main, telegram } = running();
		const c = telegram.control;
		const me = c.createAccount({ phone: '15550017201', firstName: 'Hosts', session: true });
		c.createUser({ firstName: 'Bob', username: 'bob_two_hosts' });
		const credential = await importAccount(main, telegram, me.session!);
		const { id } = await main.importWorkflow(
			webhookWorkflow('Send from two hosts', 'hosts-send', credential, {
				...sendTextParameters('@bob_two_hosts'),
			}),
		);
		await main.activate(id);

		const count = 12;
		await inParallel(
			count,
			6,
			async (i) => await main.runWebhook('hosts-send', { text: `two hosts ${i}` }),
		);
		const executions = await finished(id, count);
		const byWorker = running().executionsByWorker();
		const failed = executions.filter((e) => e.status !== 'success');
		const duplicated = failed.filter((e) => JSON.stringify(e.data).includes('AUTH_KEY_DUPLICATED'));
		figure('two hosts: executions', {
			total: executions.length,
			failed: failed.length,
			authKeyDuplicated: duplicated.length,
			workers: [...new Set(executions.map((e) => byWorker.get(String(e.id))))],
		});
		expect(c.duplicatedKeys({ userId: me.userId })).toHaveLength(1);
		expect(duplicated.length).toBeGreaterThan(0);

		// The session is dead for good: the next execution, wherever it runs, fails the same way.
		await main.runWebhook('hosts-send', { text: 'after' });
		const [latest] = (await finished(id, count + 1)).sort((a, b) => Number(b.id) - Number(a.id));
		expect(latest.status).not.toBe('success');
		expect(JSON.stringify(latest.data)).toContain('AUTH_KEY_DUPLICATED');
		expect(c.sentMessages({ userId: me.userId }).map((m) => m.text)).not.toContain('after');
	}, 300_000);
});
