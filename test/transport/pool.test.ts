import { toNodeError } from '../../nodes/shared/transport/errors';
import {
	acquireClient,
	closeAllClients,
	configurePool,
	forgetDeadSessions,
	poolStats,
	withClient,
} from '../../nodes/shared/transport/pool';
import { sleep, waitFor, withDeadline } from '../helpers/deadline';
import { trackHandles } from './handles';
import { captureLogs } from '../helpers/logs';
import { credential } from './fixtures';
import { API_HASH, StubWorld } from './stubWorld';

let world: StubWorld;
const expectNoLeaks = trackHandles();
const logs = captureLogs();
const secrets: string[] = [API_HASH];
const node = {
	id: '1',
	name: 'Telegram Account',
	type: 't',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

function loggedIn() {
	const { session, record } = world.session();
	secrets.push(session);
	return { cred: credential(world, { session }), record };
}

/** Waits until check() holds, polling; fails with `what` after ms. */
async function eventually(check: () => boolean, ms: number, what: string): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
		await sleep(25);
	}
}

beforeAll(async () => {
	world = await new StubWorld().start();
});

afterEach(async () => {
	forgetDeadSessions();
	world.server.setLatency(0);
	await closeAllClients();
	configurePool({ idleTimeoutMs: 5 * 60_000 });
});

afterAll(async () => {
	await world.server.stop();
	await expectNoLeaks();
});

describe('client pool', () => {
	it('shares one connection between 20 concurrent acquires', async () => {
		const { cred } = loggedIn();
		// Connections an earlier test closed may still be leaving the server: count from none.
		await waitFor(() => world.server.sessions().length === 0, 5000, 'earlier sessions gone');
		const before = world.server.sessions().length;
		const leases = await withDeadline(
			Promise.all(Array.from({ length: 20 }, async () => await acquireClient(cred))),
			8000,
			'acquire',
		);
		expect(new Set(leases.map((l) => l.client)).size).toBe(1);
		expect(leases[0].client.sockets.opened).toBe(1);
		expect(world.server.sessions().length - before).toBe(1);
		expect(poolStats()).toEqual({ clients: 1, held: 20 });
		await Promise.all(leases.map(async (l) => await l.client.getMe()));
		for (const l of leases) l.release();
		leases[0].release(); // a second release is a no-op
		expect(poolStats()).toEqual({ clients: 1, held: 0 });
	});

	it('reuses the client across withClient calls (no connect per call)', async () => {
		const { cred } = loggedIn();
		const a = await withClient(cred, async (c) => c);
		const b = await withClient(cred, async (c) => c);
		expect(a).toBe(b);
		expect(a.sockets.opened).toBe(1);
	});

	it('destroys an idle client and closes its socket', async () => {
		configurePool({ idleTimeoutMs: 300 });
		const { cred } = loggedIn();
		const lease = await acquireClient(cred);
		const client = lease.client;
		const sessionId = world.server.sessions().find((s) => s.authKey.userId)?.sessionId;
		expect(sessionId).toBeDefined();
		lease.release();
		expect(client.sockets.live.size).toBe(1);
		await eventually(
			() => poolStats().clients === 0 && client.sockets.live.size === 0,
			3000,
			'idle client destroyed',
		);
		expect(client._destroyed).toBe(true);
		await eventually(
			() => !world.server.sessions().some((s) => s.sessionId === sessionId),
			3000,
			'server saw the socket close',
		);
	});

	it('keeps a client while it is held, then lets it idle', async () => {
		configurePool({ idleTimeoutMs: 200 });
		const { cred } = loggedIn();
		const lease = await acquireClient(cred, { receiveUpdates: true });
		await sleep(400);
		expect(lease.client._destroyed).toBe(false);
		lease.release();
		await eventually(() => lease.client._destroyed, 2000, 'destroyed after release');
	});

	it('evicts a revoked session at once and says so', async () => {
		const { cred, record } = loggedIn();
		const lease = await acquireClient(cred);
		const evicted: Error[] = [];
		lease.onEvicted((reason) => evicted.push(reason));
		lease.release();
		world.inject('users.GetUsers', 'SESSION_REVOKED', 401);
		const error = await withClient(cred, async (c) => await c.getMe()).catch((e: unknown) => e);
		expect(poolStats().clients).toBe(0);
		expect(lease.client._destroyed).toBe(true);
		expect(lease.client.sockets.live.size).toBe(0);
		const nodeError = toNodeError(node, error);
		expect(nodeError.message).toMatch(/revoked/i);
		expect(nodeError.description).toMatch(/Login node/);
		// The next items and executions fail at once with the same error, without a new connection.
		// Counted by this key: other tests' connections may still be closing.
		const ofThisKey = () =>
			world.server.sessions().filter((s) => s.authKey.id === record.id).length;
		const sessionsBefore = ofThisKey();
		const again = await withClient(cred, async (c) => await c.getMe()).catch((e: unknown) => e);
		expect(toNodeError(node, again).message).toMatch(/revoked/i);
		expect(ofThisKey()).toBe(sessionsBefore);
		expect(poolStats().clients).toBe(0);
		// Remembered for a while only (here the server still knows the key, so it works again).
		forgetDeadSessions();
		const me = await withClient(cred, async (c) => await c.getMe());
		expect(me).toBeDefined();
	});

	it('keeps the shared client after one request timed out', async () => {
		const { cred } = loggedIn();
		const slow = credential(world, { session: cred.session }, { requestTimeout: 1 });
		const first = await withClient(slow, async (c) => c);
		world.server.setLatency(1500);
		const error = await withClient(slow, async (c) => await c.getMe()).catch((e: unknown) => e);
		world.server.setLatency(0);
		expect(error).toMatchObject({ kind: 'timeout' });
		// Other executions (and a trigger) on the account keep their connection.
		expect(first._destroyed).toBe(false);
		const me = await withDeadline(
			withClient(slow, async (c) => ({ c, me: await c.getMe() })),
			5000,
			'getMe after a timeout',
		);
		expect(me.c).toBe(first);
		expect(String(me.me.id)).toBe('1000');
	});

	it('does not turn a failing close after the idle timeout into an unhandled rejection', async () => {
		const unhandled: unknown[] = [];
		const onUnhandled = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', onUnhandled);
		try {
			configurePool({ idleTimeoutMs: 50 });
			const { cred } = loggedIn();
			const lease = await acquireClient(cred);
			const destroy = lease.client.destroy.bind(lease.client);
			lease.client.destroy = async () => {
				await destroy();
				throw new Error('close failed');
			};
			lease.release();
			await eventually(() => poolStats().clients === 0, 2000, 'idle eviction');
			await sleep(100);
			expect(unhandled).toEqual([]);
			expect(lease.client.sockets.live.size).toBe(0);
		} finally {
			process.off('unhandledRejection', onUnhandled);
		}
	});

	it('evicts when the server forgot the key mid-life and reconnects to report it', async () => {
		const { cred, record } = loggedIn();
		const first = await withClient(cred, async (c) => c);
		world.authKeys.delete(record.id);
		for (const s of world.server.sessions()) if (s.authKey.id === record.id) s.close();
		const error = await withDeadline(
			withClient(cred, async (c) => await c.getMe()).catch((e: unknown) => e),
			10_000,
			'getMe',
		);
		expect(error).toMatchObject({ kind: expect.stringMatching(/authKeyUnknown|timeout/) });
		expect(first._destroyed).toBe(true);
		expect(poolStats().clients).toBe(0);
	});

	it('reconnects after a dropped connection', async () => {
		const { cred } = loggedIn();
		const client = await withClient(cred, async (c) => c);
		for (const s of world.server.sessions()) if (s.authKey.userId) s.close();
		const me = await withDeadline(
			withClient(cred, async (c) => await c.getMe()),
			10_000,
			'getMe after drop',
		);
		expect(String(me.id)).toBe('1000');
		// Either GramJS reconnected the pooled client, or the pool replaced it: one client, alive.
		expect(poolStats().clients).toBe(1);
		const now = await withClient(cred, async (c) => c);
		expect(now.connected).toBe(true);
		expect(now === client ? client.sockets.opened : 1).toBeGreaterThanOrEqual(
			now === client ? 2 : 1,
		);
	});

	it('does not cache a failed connect', async () => {
		const cred = credential(world, { session: 'not-a-session' });
		await expect(acquireClient(cred)).rejects.toMatchObject({ kind: 'badSession' });
		expect(poolStats().clients).toBe(0);
	});

	it('never logs a secret', async () => {
		// A connection of its own, so that there are lines to check in any test order.
		const { cred } = loggedIn();
		await withDeadline(
			withClient(cred, async (c) => await c.getMe()),
			5000,
			'getMe',
		);
		expect(logs.length).toBeGreaterThan(0);
		for (const line of logs) for (const secret of secrets) expect(line).not.toContain(secret);
	});
});
