// The fault soak for sends, in process against the loopback server (no n8n needed): a FLOOD_WAIT
// storm over hundreds of sends, the server forgetting the key or revoking the session mid-run, and
// a send whose answer never comes. Sizes from QUEUE_SIZE (ci / full / nightly).
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { LEAK_GRACE_MS, pooledClient, rl, run, startWorld, type World } from '../actions/fixture';
import { bySize, figure } from './size';

let handles: HandleCounts;
let world: World;

beforeAll(async () => {
	handles = handleSnapshot();
	world = await startWorld();
});

afterAll(async () => {
	await world.close();
	await expectNoLeakedHandles(handles, LEAK_GRACE_MS);
}, 30_000);

/** A fresh contact per test, so each test reads only its own sends. */
function contact(username: string): number {
	return world.ts.control.createUser({ firstName: 'Soak', username }).userId;
}

const sendText = (username: string, text: string) => ({
	resource: 'message',
	operation: 'sendText',
	chatId: rl(`@${username}`, 'username'),
	text,
});

/** Texts the account sent to `peerId`, in the order the server stored them. */
function sentTo(peerId: number): string[] {
	return world.ts.control
		.sentMessages({ userId: world.me.userId })
		.filter((m) => m.peer.type === 'user' && m.peer.id === peerId)
		.map((m) => m.text);
}

/** Waits (deadline `ms`) until `check` holds. */
async function until(check: () => boolean, ms: number, what: string): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

test('a FLOOD_WAIT storm over a bulk send: each text sent once, in order, every wait slept', async () => {
	const count = bySize({ ci: 500, full: 500, nightly: 5000 });
	const waits = bySize({ ci: 8, full: 20, nightly: 60 });
	const bob = contact('soak_flood');
	// FLOOD_WAIT_1 (below the credential's 2 s threshold) spread evenly over the run.
	const step = Math.floor(count / (waits + 1));
	for (let k = 1; k <= waits; k++) {
		world.ts.control.injectError({
			method: 'messages.SendMessage',
			error: 'FLOOD_WAIT_1',
			userId: world.me.userId,
			skip: k * step,
		});
	}
	const texts = Array.from({ length: count }, (_, i) => `storm ${i}`);
	const client = await pooledClient(world);
	const waitedBefore = client.floodWaitedMs;
	const out = await run(
		world,
		{
			items: texts.map((text) => ({ json: { text } })),
			params: (i) => sendText('soak_flood', texts[i]),
		},
		count * 100 + waits * 3000,
	);
	expect(out.map((o) => o.json.text)).toEqual(texts);
	expect(sentTo(bob)).toEqual(texts);
	const refused = world.ts.control
		.rpcLog({ userId: world.me.userId, method: 'messages.SendMessage' })
		.filter((e) => e.error === 'FLOOD_WAIT_1').length;
	expect(refused).toBe(waits);
	// Every wait was slept in full (and none above the threshold was asked for).
	expect(client.floodWaitedMs - waitedBefore).toBe(waits * 1000);
	figure('flood storm', { sends: count, floodWaits: refused, sentOnce: sentTo(bob).length });
}, 600_000);

test('a FLOOD_WAIT over the threshold fails the item at once with a clear error, nothing sent', async () => {
	const bob = contact('soak_flood_long');
	world.ts.control.injectError({
		method: 'messages.SendMessage',
		error: 'FLOOD_WAIT_600',
		userId: world.me.userId,
	});
	const started = Date.now();
	const error = await run(world, { params: sendText('soak_flood_long', 'too soon') }).then(
		() => undefined,
		(e: Error & { description?: string }) => e,
	);
	expect(error?.message).toMatch(/600/);
	expect(sentTo(bob)).toEqual([]);
	figure('flood over threshold: failed after (ms)', Date.now() - started);
}, 60_000);

/** Sends to a fresh account's contact in the background; cuts the session after 50 sends. */
async function cutMidRun(fault: 'forgetAuthKey' | 'revokeAuthKey', phone: string) {
	const username = `soak_${phone.slice(-4)}`;
	contact(username);
	const { session, userId } = world.ts.control.createAccount({
		phone,
		firstName: 'Doomed',
		session: true,
	});
	const credentials = { ...world.credentials(), session: session! };
	const count = bySize({ ci: 300, full: 1000, nightly: 5000 });
	const params = (i: number) => sendText(username, `doomed ${i}`);
	const sent = () => world.ts.control.sentMessages({ userId }).length;
	const failed = (e: Error & { description?: string }) => e;
	const running = run(
		world,
		{ credentials, items: new Array(count).fill({ json: {} }), params },
		60_000,
	).then(() => undefined, failed);
	await until(() => sent() >= 50, 30_000, '50 sends');
	world.ts.control[fault]({ userId });
	const cutAt = Date.now();
	const atCut = sent();
	const error = await running;
	const tookMs = Date.now() - cutAt;
	const sentAfterCut = sent() - atCut;
	// The user runs the workflow again.
	const again = await run(world, { credentials, params }, 60_000).then(() => undefined, failed);
	return {
		error,
		tookMs,
		sentAfterCut,
		again,
		text: (e?: Error & { description?: string }) => `${e?.message} ${e?.description ?? ''}`,
	};
}

test('revokeAuthKey mid-run: the run fails at once saying the session is logged out, at most the send in flight', async () => {
	const cut = await cutMidRun('revokeAuthKey', '+15550017102');
	expect(cut.text(cut.error)).toMatch(/AUTH_KEY_UNREGISTERED/);
	expect(cut.text(cut.again)).toMatch(/AUTH_KEY_UNREGISTERED/);
	expect(cut.sentAfterCut).toBeLessThanOrEqual(1);
	figure('revokeAuthKey: error after (ms)', cut.tookMs);
	figure('revokeAuthKey: message', cut.error?.message);
}, 120_000);

test('forgetAuthKey mid-run: the run fails at once, no hang, at most the send in flight; the next run names the cause', async () => {
	const cut = await cutMidRun('forgetAuthKey', '+15550017101');
	expect(cut.error).toBeDefined();
	expect(cut.sentAfterCut).toBeLessThanOrEqual(1);
	// The next execution reconnects and is told plainly that the server does not know the session.
	expect(cut.text(cut.again)).toMatch(/session|auth key|log in/i);
	expect(cut.text(cut.again)).not.toMatch(/did not answer in time/);
	figure('forgetAuthKey: error after (ms)', cut.tookMs);
	figure('forgetAuthKey: message of the run in flight', cut.error?.message);
	figure('forgetAuthKey: message of the next run', cut.again?.message);
}, 120_000);

// GramJS stops reading at the server's -404 and never answers the request in flight: the client
// fails it at once with the unknown-session error (transport/client.ts), not a timeout.
test('forgetAuthKey mid-run: the run in flight already names the unknown session', async () => {
	const cut = await cutMidRun('forgetAuthKey', '+15550017103');
	expect(cut.text(cut.error)).toMatch(/session|auth key|log in/i);
	expect(cut.text(cut.error)).not.toMatch(/did not answer in time/);
}, 120_000);
