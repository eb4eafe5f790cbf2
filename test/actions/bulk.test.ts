import { closeAllClients } from '../../nodes/shared/transport/pool';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { LEAK_GRACE_MS, pooledClient, rl, run, startWorld, type World } from './fixture';

/** Taken inside beforeAll: jest's own hook timer then counts on both sides. */
let handles: HandleCounts;
let world: World;

beforeAll(async () => {
	handles = handleSnapshot();
	world = await startWorld();
	world.ts.control.createUser({ firstName: 'Bob', username: 'bob_user' });
});

afterAll(async () => {
	await world.close();
	await expectNoLeakedHandles(handles, LEAK_GRACE_MS);
});

const sendText = (text: string, options = {}) => ({
	resource: 'message',
	operation: 'sendText',
	chatId: rl('@bob_user', 'username'),
	text,
	options,
});

const sendTimes = (since: number) =>
	world.ts.control.rpcLog({ method: 'messages.SendMessage', since }).map((e) => e.time);

/**
 * One unpaced send first: connecting and resolving @bob_user happen here, not inside the paced
 * sends measured next, whether or not an earlier test already warmed the pooled client.
 */
const warmUp = async () => await run(world, { params: sendText('warm-up') });

describe('Account safety in bulk', () => {
	it('sends 100 items to one @username over one connection, resolving it once', async () => {
		// A fresh pooled client, and counts taken now: earlier tests' sends and lookups do not count.
		await closeAllClients();
		const log = world.ts.control;
		const resolvesBefore = log.rpcLog({ method: 'contacts.ResolveUsername' }).length;
		const sendsBefore = log.rpcLog({ method: 'messages.SendMessage' }).length;
		const out = await run(world, {
			items: Array.from({ length: 100 }, (_, i) => ({ json: { n: i } })),
			params: (i) => sendText(`bulk ${i}`),
		});
		expect(out).toHaveLength(100);
		expect(out.map((o) => o.json.text)).toEqual(Array.from({ length: 100 }, (_, i) => `bulk ${i}`));
		expect(out.map((o) => (o.pairedItem as { item: number }).item)).toEqual(
			Array.from({ length: 100 }, (_, i) => i),
		);
		expect(log.rpcLog({ method: 'contacts.ResolveUsername' })).toHaveLength(resolvesBefore + 1);
		expect(log.rpcLog({ method: 'messages.SendMessage' })).toHaveLength(sendsBefore + 100);
		expect((await pooledClient(world)).sockets.opened).toBe(1);
	});

	it('paces 10 sends at 2 per second: the server sees them spread over about 5 s', async () => {
		await warmUp();
		const since = Date.now();
		await run(
			world,
			{
				items: Array.from({ length: 10 }, () => ({ json: {} })),
				params: sendText('paced', { sendsPerSecond: 2 }),
			},
			20_000,
		);
		const times = sendTimes(since);
		expect(times).toHaveLength(10);
		const spread = times[times.length - 1] - times[0];
		expect(spread).toBeGreaterThanOrEqual(4300);
		expect(spread).toBeLessThan(6500);
		for (let i = 1; i < times.length; i++)
			expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(250);
	});

	it('shares the pace between executions running at once', async () => {
		await warmUp();
		const since = Date.now();
		const five = () =>
			run(world, {
				items: Array.from({ length: 5 }, () => ({ json: {} })),
				params: sendText('shared', { sendsPerSecond: 4 }),
			});
		await Promise.all([five(), five()]);
		const times = sendTimes(since).sort((a, b) => a - b);
		expect(times).toHaveLength(10);
		// 10 sends at 4/s: 9 gaps of 250 ms, whichever execution sent each (a burst would show
		// gaps of a few ms; scheduling jitter on a loaded machine shifts single sends a little).
		expect(times[9] - times[0]).toBeGreaterThanOrEqual(2000);
		for (let i = 1; i < times.length; i++)
			expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(125);
	});
});
