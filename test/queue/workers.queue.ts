// n8n queue mode on one host (all processes behind one address, as behind one public IP): sends
// and history collections started by webhooks run on the workers, each message is sent once, each
// process holds at most one connection of the account, and Telegram's AUTH_KEY_DUPLICATED rule
// (enforced by the loopback server) is never hit. Also measures the shared send pace, and (once the
// package ships it) runs the trigger on the main across forced disconnects. One cluster for all:
// each start of three n8n processes costs ~2 min.
import { readFileSync } from 'node:fs';

import { startQueueCluster, type QueueCluster } from './cluster';
import { withDeadline } from '../helpers/deadline';
import { connectionsPerProcess } from './connections';
import { bySize, figure } from './size';
import {
	collectParameters,
	hasEnded,
	importAccount,
	inParallel,
	sendTextParameters,
	webhookWorkflow,
} from './workflows';
import {
	packageHasTrigger,
	triggeredTexts,
	triggerWorkflow,
	waitForExecutionCount,
	type TriggeredExecution,
} from './trigger';
import type { Execution } from '../n8n/harness';

let cluster: QueueCluster | undefined;

// n8n (2.41) never runs a job again whose worker died (Bull's maxStalledCount is 0): the job fails
// once its lock expires, and the main's queue recovery marks the execution `crashed`. Defaults:
// lock 60 s, stalled check 30 s, recovery every 180 min (and at each main start). The recovery is
// shortened so the soak sees the outcome in time; the CI size (small backlog, a bounded CI step)
// also shortens the lock. At full size a 30 s lock failed jobs of a live worker that the 2 shared
// cores starved (8 in one run at a load average of 8.4, up to 11.4): n8n's own lock is kept there.
const CRASH_DETECTION: Record<string, string> = {
	N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '0.5',
	...bySize<Record<string, string>>({
		ci: {
			QUEUE_WORKER_LOCK_DURATION: '30000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '10000',
			QUEUE_WORKER_STALLED_INTERVAL: '10000',
		},
		full: {},
		nightly: {},
	}),
};

beforeAll(async () => {
	cluster = await startQueueCluster({ places: 'one-host', workers: 2, env: CRASH_DETECTION });
}, 600_000);

afterAll(async () => {
	await cluster?.stop();
}, 60_000);

function running(): QueueCluster {
	if (!cluster) throw new Error('the queue cluster did not start');
	return cluster;
}

/** The workflow's finished executions once there are `count` of them (deadline 60 s). */
async function finishedExecutions(workflowId: string, count: number): Promise<Execution[]> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const done = (await running().main.executions(workflowId)).filter(hasEnded);
		if (done.length >= count || Date.now() > deadline) return done;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** How long an execution ran, from n8n's own start and stop times. */
function durationMs(execution: Execution): number {
	const { startedAt, stoppedAt } = execution as Execution & {
		startedAt?: string;
		stoppedAt?: string;
	};
	if (!startedAt || !stoppedAt)
		throw new Error(`execution ${execution.id} has no start or stop time`);
	return Date.parse(stoppedAt) - Date.parse(startedAt);
}

/** An account with a contact to write to (Bob, who wrote first so his chat has history). */
function seedAccount(phone: string, bobName: string) {
	const c = running().telegram.control;
	const me = c.createAccount({ phone, firstName: 'Queue', session: true });
	const bob = c.createUser({ firstName: 'Bob', username: bobName }).userId;
	for (let i = 0; i < 5; i++) c.pushMessage({ fromId: bob, toUserId: me.userId, text: `hi ${i}` });
	if (!me.session) throw new Error('the loopback server made no session');
	return { userId: me.userId, session: me.session, bob };
}

test('webhook-started sends run on the workers: each text sent once, one connection per process', async () => {
	const { main, telegram } = running();
	const me = seedAccount('15550017001', 'bob_queue_send');
	const credential = await importAccount(main, telegram, me.session);
	const { id } = await main.importWorkflow(
		webhookWorkflow('Send over a webhook', 'queue-send', credential, {
			...sendTextParameters('@bob_queue_send'),
		}),
	);
	await main.activate(id);

	const count = bySize({ ci: 20, full: 60, nightly: 300 });
	const texts = Array.from({ length: count }, (_, i) => `queued send ${i}`);
	const answers = await inParallel(count, 6, async (i) => {
		try {
			return await main.runWebhook('queue-send', { text: texts[i] });
		} catch (error) {
			// Before the cluster kept finished jobs (cluster.ts), one call of 20 went unanswered in
			// two CI runs under load. Collected, so the failure below shows what the executions did.
			if (!/no answer in/.test((error as Error).message)) throw error;
			return undefined;
		}
	});
	const unanswered = texts.filter((_, i) => answers[i] === undefined);
	figure('sends: webhook calls n8n never answered', unanswered);

	const executions = await finishedExecutions(id, count);
	if (unanswered.length > 0) {
		figure(
			'sends: main log lines of the unanswered calls',
			running()
				.logLines(/Enqueued execution|Execution \d+ .*finished|error/i)
				.slice(-60),
		);
	}

	// The server saw every text exactly once.
	const sent = telegram.control.sentMessages({ userId: me.userId }).map((m) => m.text);
	expect([...sent].sort()).toEqual([...texts].sort());

	// Every execution succeeded on a worker, none on the main, and none waited out a deadline
	// (the request timeout, 30 s: on loopback a send is answered in well under a second).
	expect(executions.map((e) => e.status)).toEqual(texts.map(() => 'success'));
	const longestMs = Math.max(...executions.map(durationMs));
	figure('sends: longest execution (ms)', longestMs);
	expect(longestMs).toBeLessThan(30_000);

	// Every call was answered with its own text.
	expect(unanswered).toEqual([]);
	for (const [i, answer] of answers.entries()) {
		expect(answer?.status).toBe(200);
		expect((answer?.body as { text?: string }).text).toBe(texts[i]);
	}

	const byWorker = running().executionsByWorker();
	const ranOn = executions.map((e) => byWorker.get(String(e.id)) ?? 'main');
	expect(ranOn.filter((name) => name === 'main')).toEqual([]);
	const perWorker: Record<string, number> = {};
	for (const name of ranOn) perWorker[name] = (perWorker[name] ?? 0) + 1;
	figure('sends: executions per worker', perWorker);

	// Each process holds at most one connection of the account; the main (no trigger) none.
	const held = await connectionsPerProcess(telegram, running().processes(), me.userId);
	figure('sends: connections per process', held);
	expect(held.unknown).toBe(0);
	expect(held.perProcess.main).toBe(0);
	for (const w of running().workers) expect(held.perProcess[w.name]).toBeLessThanOrEqual(1);
	expect(telegram.control.duplicatedKeys({ userId: me.userId })).toEqual([]);
	expect(main.outboundAttempts()).toEqual([]);
}, 300_000);

test('Collect History started by a webhook runs on a worker and returns the chat', async () => {
	const { main, telegram } = running();
	const me = seedAccount('15550017002', 'bob_queue_history');
	const credential = await importAccount(main, telegram, me.session);
	const { id } = await main.importWorkflow(
		webhookWorkflow(
			'Collect over a webhook',
			'queue-collect',
			credential,
			collectParameters('@bob_queue_history'),
		),
	);
	await main.activate(id);

	const answer = await main.runWebhook('queue-collect', {});
	expect(answer.status).toBe(200);
	// lastNode answers with the first item: the newest message of Bob's chat.
	expect(answer.body).toMatchObject({ text: 'hi 4' });
	const [execution] = await finishedExecutions(id, 1);
	expect(execution.status).toBe('success');
	expect(running().executionsByWorker().get(String(execution.id))).toMatch(/^worker\d$/);
	expect(
		telegram.control.rpcLog({ userId: me.userId, method: 'messages.GetHistory' }).length,
	).toBeGreaterThan(0);
	expect(telegram.control.duplicatedKeys({ userId: me.userId })).toEqual([]);
}, 300_000);

test('the send pace is kept per process: measured across two workers', async () => {
	const { main, telegram } = running();
	const me = seedAccount('15550017003', 'bob_queue_pace');
	const credential = await importAccount(main, telegram, me.session);
	const perSecond = 2;
	const { id } = await main.importWorkflow(
		webhookWorkflow(
			'Paced send',
			'queue-pace',
			credential,
			sendTextParameters('@bob_queue_pace', perSecond),
		),
	);
	await main.activate(id);

	const count = bySize({ ci: 12, full: 20, nightly: 40 });
	const since = Date.now();
	const answers = await inParallel(
		count,
		count,
		async (i) => await main.runWebhook('queue-pace', { text: `paced ${i}` }, 120_000),
	);
	expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
	const times = telegram.control
		.rpcLog({ userId: me.userId, method: 'messages.SendMessage', since })
		.map((e) => e.time)
		.sort((a, b) => a - b);
	expect(times).toHaveLength(count);
	const executions = await finishedExecutions(id, count);
	const byWorker = running().executionsByWorker();
	const workersUsed = new Set(executions.map((e) => byWorker.get(String(e.id)))).size;
	const spreadMs = times[times.length - 1] - times[0];
	const gaps = times.slice(1).map((t, i) => t - times[i]);
	figure('pace: configured sends per second (per account)', perSecond);
	figure('pace: workers that sent', workersUsed);
	figure('pace: sends and spread (ms)', { sends: count, spreadMs });
	figure('pace: observed sends per second', Number((((count - 1) * 1000) / spreadMs).toFixed(2)));
	figure(
		'pace: gaps under the configured interval',
		gaps.filter((g) => g < 1000 / perSecond - 50).length,
	);
}, 300_000);

// Runs once the package ships the trigger.
const maybe = packageHasTrigger() ? test : test.skip;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Executions a worker's log shows started and not finished. */
function runningOn(log: string): string[] {
	const started = [...log.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
	const finished = new Set([...log.matchAll(/Worker finished execution (\d+)/g)].map((m) => m[1]));
	return started.filter((id) => !finished.has(id));
}

/**
 * What n8n did with the executions whose item the API did not show: hidden by n8n's redaction
 * (read back from the database), or stored with no item at all (n8n replaced it by its error).
 */
function explainUnread(cl: QueueCluster, got: TriggeredExecution[]): void {
	figure('trigger: n8n log lines', {
		credentialCheckFailed: cl.logLines(/Could not check for resolvable credentials/).length,
		poolTimeout: cl.logLines(/timeout exceeded when trying to connect/).length,
		jobStalled: cl.logLines(/stalled more than maxStalledCount|processed too many times/).length,
		contextNotEstablished: cl.logLines(/Failed to augment execution context/).length,
		replayRefused: cl.logLines(/duplicate deduplication key/).length,
		workerFoundNoExecution: cl.logLines(/Worker failed to find data for execution/).length,
	});
	// Executions a worker started that n8n no longer lists: n8n deleted them while queued (a
	// replay after a main restart reclaims a `new` execution of the same key and creates another).
	const listed = new Set(got.map((e) => e.id));
	const first = Math.min(...got.map((e) => Number(e.id)));
	const ghosts = [...cl.executionsByWorker().keys()].filter(
		(id) => Number(id) >= first && !listed.has(id),
	);
	figure('trigger: executions run by a worker that n8n does not list', {
		count: ghosts.length,
		ids: ghosts.slice(0, 10),
		log: ghosts.length
			? cl
					.logLines(new RegExp(`execution ${ghosts[0]}\\b|"executionId":"${ghosts[0]}"`))
					.slice(0, 8)
			: [],
	});
	const redacted = got.filter((e) => e.redacted);
	if (!redacted.length) return;
	const count = (list: TriggeredExecution[], of: (e: TriggeredExecution) => string) =>
		list.reduce<Record<string, number>>((n, e) => ({ ...n, [of(e)]: (n[of(e)] ?? 0) + 1 }), {});
	const itemless = redacted.filter((e) => !e.text);
	figure('trigger: executions the API showed without their item', {
		readFromTheDatabase: redacted.length - itemless.length,
		why: count(redacted, (e) => e.redacted ?? '?'),
		storedWithoutItem: itemless.length,
		errorsOfThoseWithout: count(itemless, (e) => `${e.status}: ${(e.error ?? '').trim()}`),
	});
}

maybe(
	'every pushed message is emitted once across disconnects, main restarts and a killed worker; no echo sent twice',
	async () => {
		const cl = running();
		const { telegram } = cl;
		const c = telegram.control;
		const me = c.createAccount({ phone: '15550017301', firstName: 'Trig', session: true });
		const bob = c.createUser({ firstName: 'Bob', username: 'bob_queue_trigger' }).userId;
		const carol = c.createUser({ firstName: 'Carol', username: 'carol_queue_echo' }).userId;
		c.addContact({ ownerId: me.userId, userId: bob, mutual: true });
		const credential = await importAccount(cl.main, telegram, me.session!);
		const { id } = await cl.main.importWorkflow(
			triggerWorkflow(credential, { echoTo: 'carol_queue_echo', holdSeconds: 1 }),
		);
		await cl.main.activate(id);

		const total = bySize({ ci: 300, full: 2000, nightly: 10_000 });
		const disconnects = bySize({ ci: 4, full: 10, nightly: 20 });
		// SIGTERM (n8n's own shutdown) in every size; a SIGKILL of the main too in the larger ones.
		const restarts: Array<{ at: number; signal: 'SIGTERM' | 'SIGKILL' }> = [
			{ at: Math.floor(total * 0.55), signal: 'SIGTERM' },
			...(bySize({ ci: false, full: true, nightly: true })
				? [{ at: Math.floor(total * 0.8), signal: 'SIGKILL' as const }]
				: []),
		];
		const killAt = Math.floor(total * 0.3);
		const every = Math.floor(total / (disconnects + 1));
		const texts: string[] = [];
		const dropsAt: number[] = [];
		const restartLog: Array<{ signal: string; atMessage: number; downMs: number }> = [];
		let restarting: Promise<void> | undefined;
		let killed: { name: string; running: number; atMessage: number } | undefined;
		// How starved the 2 shared cores were (other test runs share them): 1-minute load average.
		const loads: number[] = [];
		const sampler = setInterval(
			() => loads.push(Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0])),
			10_000,
		);
		sampler.unref();
		// The trigger's connection, on the main (it reconnects by itself after each drop).
		const live = () => c.connections({ userId: me.userId }).length > 0;
		for (let i = 0; i < total; i++) {
			const text = `incoming ${i}`;
			c.pushMessage({ fromId: bob, toUserId: me.userId, text });
			texts.push(text);
			// A drop falls due every `every` messages; while the main is down it waits for it.
			if (dropsAt.length < disconnects && i >= every * (dropsAt.length + 1) && live()) {
				if (c.dropConnections({ userId: me.userId }).dropped > 0) dropsAt.push(i);
				// Every other drop comes with a latency spike while the trigger catches up.
				c.setLatency({ ms: dropsAt.length % 2 ? 400 : 0 });
			}
			if (!killed && i >= killAt) {
				// SIGKILL while the worker runs executions (each holds a second after its send).
				const victim = cl.workers[cl.workers.length - 1];
				const log = () => readFileSync(victim.logFile, 'utf8');
				if (runningOn(log()).length > 0 || i >= killAt + 100) {
					const busy = runningOn(log()).length;
					await cl.killWorker(victim.name);
					killed = { name: victim.name, running: busy, atMessage: i };
				}
			}
			const due = restarts[restartLog.length];
			if (due && i >= due.at && !restarting) {
				const atMessage = i;
				// Pushing goes on while the main is down: the new main catches up.
				restarting = cl.restartMain(due.signal).then(({ downMs }) => {
					restartLog.push({ signal: due.signal, atMessage, downMs });
					restarting = undefined;
				});
			}
			// ~10 messages a second, what the main turns into executions here (2 shared cores); at
			// 50/s over 2000 messages its database pool timed out and n8n dropped executions.
			await sleep(100);
		}
		c.setLatency({ ms: 0 });
		while (restarting) await restarting;

		const main = cl.main;
		const lastPush = Date.now();
		// The killed worker's executions end (crashed) only after its lock expired and a recovery ran.
		const ended = await waitForExecutionCount(main, id, total, 90_000, lastPush + 600_000);
		const drainMs = Date.now() - lastPush;
		clearInterval(sampler);
		figure('machine: 1-minute load average during pushing and draining (2 cores)', {
			min: Math.min(...loads),
			mean: Number((loads.reduce((a, b) => a + b, 0) / (loads.length || 1)).toFixed(1)),
			max: Math.max(...loads),
		});
		// Late duplicates would show up after the last message: give them a moment.
		await sleep(3000);
		const got = await triggeredTexts(main, id, cl.sql);
		const times = new Map<string, number>();
		for (const e of got) if (e.text) times.set(e.text, (times.get(e.text) ?? 0) + 1);
		const missing = texts.filter((t) => !times.has(t));
		const duplicated = texts.filter((t) => (times.get(t) ?? 0) > 1);
		const byWorker = cl.executionsByWorker();
		// A successful execution no worker started would have run on the main.
		const onMain = got.filter((e) => e.status === 'success' && !byWorker.has(e.id)).length;
		const notOk = got.filter((e) => e.status !== 'success');
		const notOkElsewhere = notOk.filter((e) => byWorker.get(e.id) !== killed?.name);
		const countEchoes = () => {
			const counts = new Map<string, number>();
			for (const m of c.sentMessages({ userId: me.userId })) {
				if (m.peer.type !== 'user' || m.peer.id !== carol) continue;
				const text = m.text.replace(/^echo: /, '');
				counts.set(text, (counts.get(text) ?? 0) + 1);
			}
			return counts;
		};
		const echoes = countEchoes();
		const echoedTwice = [...echoes].filter(([, n]) => n > 1).map(([t]) => t);
		const okTexts = got.filter((e) => e.status === 'success' && e.text).map((e) => e.text!);
		const okNotEchoed = okTexts.filter((t) => !echoes.has(t));
		const notOkEchoed = notOk.filter((e) => e.text && echoes.has(e.text)).length;
		const held = await connectionsPerProcess(telegram, cl.processes(), me.userId);
		const statuses: Record<string, number> = {};
		for (const e of got) statuses[e.status] = (statuses[e.status] ?? 0) + 1;

		figure('trigger: messages', {
			pushed: total,
			emitted: got.length,
			missing: missing.length,
			duplicated: duplicated.length,
		});
		figure('trigger: execution statuses', statuses);
		figure('trigger: disconnects survived', dropsAt.length);
		figure('trigger: main restarts', restartLog);
		figure('trigger: worker killed (running executions at the kill)', killed);
		figure('trigger: executions not successful, on the killed worker / elsewhere', {
			killedWorker: notOk.length - notOkElsewhere.length,
			elsewhere: notOkElsewhere.length,
			echoSentBeforeTheKill: notOkEchoed,
		});
		figure('trigger: echoes', {
			sent: [...echoes.values()].reduce((a, b) => a + b, 0),
			sentTwice: echoedTwice.length,
			successWithoutEcho: okNotEchoed.length,
		});
		if (echoedTwice.length)
			figure('trigger: echoed twice during the run', echoedTwice.slice(0, 20));
		figure('trigger: executions ended, and ms from the last push until then', { ended, drainMs });
		if (missing.length) {
			figure('trigger: missing', missing.slice(0, 20));
			const at = (t: string) => Number(t.replace('incoming ', ''));
			figure('trigger: missing, first and last', [at(missing[0]), at(missing[missing.length - 1])]);
			figure(
				'trigger: main log at its restarts',
				cl.logLines(/[Ss]hut|[Ss]topp|[Dd]eactivat|[Aa]ctivat|[Rr]emov|Telegram/).slice(0, 40),
			);
		}
		if (duplicated.length) figure('trigger: duplicated', duplicated.slice(0, 20));
		explainUnread(cl, got);
		const failed = notOk.filter((e) => e.status !== 'crashed').slice(0, 3);
		for (const e of failed) {
			figure(`trigger: execution ${e.id} failed`, {
				...e,
				worker: byWorker.get(e.id),
				log: cl.logLines(new RegExp(`execution ${e.id}\\b|"executionId":"${e.id}"`)).slice(0, 10),
			});
		}
		if (notOkElsewhere.length) {
			figure('trigger: failed elsewhere', notOkElsewhere.slice(0, 10));
			for (const e of notOkElsewhere.slice(0, 3)) {
				figure(
					`trigger: log lines of execution ${e.id}`,
					cl.logLines(new RegExp(`execution ${e.id}\\b|"executionId":"${e.id}"`)).slice(0, 10),
				);
			}
		}
		figure('trigger: connections per process', held);
		figure('trigger: executions run on the main', onMain);

		// What a user does with the executions that did not succeed: retry them (n8n runs a retry on
		// a worker, mode 'retry'). An echo sent before the kill is found in the chat, not sent again.
		const retried: Record<string, number> = {};
		for (const e of notOk) {
			const answer = await withDeadline(
				main.rest<{ status: string }>('POST', `/rest/executions/${e.id}/retry`, {
					loadWorkflow: false,
				}),
				120_000,
				`the retry of execution ${e.id}`,
			);
			retried[answer.status] = (retried[answer.status] ?? 0) + 1;
		}
		const echoesAfter = countEchoes();
		const notOkTexts = notOk.map((e) => e.text ?? '');
		const twice = [...echoesAfter].filter(([, n]) => n > 1).map(([t]) => t);
		if (twice.length) {
			figure('trigger: echoed twice after the retries', twice);
			const look = (method: string) =>
				c.rpcLog({ userId: me.userId, method }).map((e) => e.error ?? 'ok');
			figure('trigger: chat looks by the retries', {
				search: look('messages.Search'),
				history: look('messages.GetHistory'),
			});
		}
		figure('trigger: user retries of the executions that did not succeed', {
			retried,
			echoedOnce: notOkTexts.filter((t) => echoesAfter.get(t) === 1).length,
			echoedTwice: [...echoesAfter.values()].filter((n) => n > 1).length,
		});

		expect(dropsAt).toHaveLength(disconnects);
		expect(restartLog.map((r) => r.signal)).toEqual(restarts.map((r) => r.signal));
		expect(killed?.running).toBeGreaterThan(0);
		// Every message reached n8n once: none lost across the restarts, none emitted twice.
		expect(missing).toEqual([]);
		expect(duplicated).toEqual([]);
		// What the killed worker ran is marked crashed by n8n (never re-run), and nothing failed
		// otherwise (an execution no worker ever started is n8n's: counted in the figures).
		expect(notOk.filter((e) => e.status !== 'crashed')).toEqual([]);
		expect(notOk.length - notOkElsewhere.length).toBeGreaterThan(0);
		// No message was echoed twice; every successful execution echoed its message.
		expect(echoedTwice).toEqual([]);
		expect(okNotEchoed).toEqual([]);
		// After the user's retries every message is echoed, none twice.
		expect(retried).toEqual({ success: notOk.length });
		expect(notOkTexts.filter((t) => echoesAfter.get(t) !== 1)).toEqual([]);
		expect(onMain).toBe(0);
		expect(held.unknown).toBe(0);
		expect(held.perProcess.main).toBe(1);
		for (const w of cl.workers) expect(held.perProcess[w.name]).toBeLessThanOrEqual(1);
		expect(c.duplicatedKeys({ userId: me.userId })).toEqual([]);
	},
	1_800_000,
);
