// Starting, stopping and dying: fast failures, nothing left behind, a dead session ends the stream
// once (no reconnect or login storm), and one slow request does not tear the connection down.
import { acquireClient, closeAllClients, poolStats } from '../../nodes/shared/transport/pool';
import {
	configureUpdates,
	forgetDeadSessions,
	subscribeUpdates,
	updateEngineStats,
} from '../../nodes/shared/updates/index';
import { settlesWithin, sleep, waitFor } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot } from '../helpers/leaks';
import { quietLog, Recorder, startUpdatesWorld, type UpdatesWorld } from './fixture';

const LEAK_GRACE_MS = 12_000;
/** Connections made since `time` (GramJS starts each one with help.getConfig). */
const connectsSince = (w: UpdatesWorld, time: number) =>
	w.ts.control.rpcLog({ since: time, method: 'help.GetConfig' }).length;
const openSessions = (w: UpdatesWorld) => w.ts.server.sessions().filter((s) => !s.closed).length;

describe('update engine: lifecycle', () => {
	let w: UpdatesWorld;
	beforeEach(async () => {
		w = await startUpdatesWorld();
	});
	afterEach(async () => {
		configureUpdates({ retryMs: 2000, stallMs: 10 * 60_000 });
		w.ts.control.clearErrors();
		await w.close();
	}, 30_000);

	it('200 subscribe / close cycles leave no engine, socket, timer or handler behind', async () => {
		const before = handleSnapshot();
		const noop = { onEvents() {}, onFatal() {} };
		for (let i = 0; i < 200; i++) {
			const sub = await subscribeUpdates(w.credential(), noop, { logger: quietLog });
			await sub.close();
			await sub.close();
		}
		expect(updateEngineStats()).toEqual({ accounts: 0, subscribers: 0 });
		const lease = await acquireClient(w.credential());
		// The raw-update tap is gone from the pooled client: GramJS's own callback is back.
		expect(lease.client.caches.has('updateTaps')).toBe(false);
		lease.release();
		await closeAllClients();
		await expectNoLeakedHandles(before, LEAK_GRACE_MS);
	}, 120_000);

	it('a server that never answers fails the subscription fast with a clear error', async () => {
		// New connections of the account are closed unanswered, as an unreachable server would.
		w.ts.control.refuseReconnects({ userId: w.me, seconds: 60 });
		const credential = w.credential({ requestTimeout: 2 });
		const attempt = subscribeUpdates(
			credential,
			{ onEvents() {}, onFatal() {} },
			{ logger: quietLog },
		);
		try {
			expect(
				await settlesWithin(
					attempt.catch(() => undefined),
					15_000,
				),
			).toBe(true);
			await expect(attempt).rejects.toThrow(/connect|reach|answer|session/i);
			expect(updateEngineStats().accounts).toBe(0);
		} finally {
			w.ts.control.acceptReconnects({ userId: w.me });
			await attempt.then((s) => s.close()).catch(() => undefined);
		}
	});

	it('a revoked session fails at once, and a retry does not connect again', async () => {
		w.ts.control.revokeAuthKey({ userId: w.me });
		const listener = { onEvents() {}, onFatal() {} };
		await expect(subscribeUpdates(w.credential(), listener, { logger: quietLog })).rejects.toThrow(
			/AUTH_KEY_UNREGISTERED/,
		);
		const since = Date.now();
		await expect(subscribeUpdates(w.credential(), listener, { logger: quietLog })).rejects.toThrow(
			/AUTH_KEY_UNREGISTERED/,
		);
		expect(connectsSince(w, since)).toBe(0);
		forgetDeadSessions();
	});

	it('a session revoked mid-stream ends in onFatal within 10 s, then stays quiet', async () => {
		const r = await new Recorder().subscribe(w);
		w.ts.control.pushMessage({ fromId: w.bob, toUserId: w.me, text: 'before revoke' });
		await r.waitForTexts(1);
		// Telegram closes a terminated session's connections; the reconnect meets the revocation.
		w.ts.control.dropConnections({ userId: w.me });
		w.ts.control.revokeAuthKey({ userId: w.me });
		await waitFor(() => r.fatal !== undefined, 10_000, 'onFatal');
		expect(r.fatal?.message).toMatch(/AUTH_KEY_UNREGISTERED/);
		expect(updateEngineStats().accounts).toBe(0);
		await waitFor(() => poolStats().clients === 0, 5000, 'dead client dropped');
		const since = Date.now();
		await sleep(3000);
		expect(connectsSince(w, since)).toBe(0);
		expect(openSessions(w)).toBe(0);
		await r.close();
		forgetDeadSessions();
	});

	it('a difference request that times out is retried on the same connection', async () => {
		configureUpdates({ retryMs: 200 });
		const r = await new Recorder().subscribe(w, {});
		try {
			w.ts.control.pushMessage({ fromId: w.bob, toUserId: w.me, text: 'warm-up' });
			await r.waitForTexts(1);
			const since = Date.now();
			// The next getDifference answers after the credential's 5 s request timeout.
			w.ts.control.injectError({ method: 'updates.GetDifference', delayMs: 6000, userId: w.me });
			w.ts.control.dropPushes({ userId: w.me, count: 1 });
			w.ts.control.pushMessage({ fromId: w.bob, toUserId: w.me, text: 'needs the difference' });
			w.ts.control.pushMessage({ fromId: w.bob, toUserId: w.me, text: 'after it' });
			expect(await r.waitForTexts(3, 20_000)).toEqual([
				'warm-up',
				'needs the difference',
				'after it',
			]);
			expect(connectsSince(w, since)).toBe(0);
			expect(poolStats().clients).toBe(1);
			expect(r.fatal).toBeUndefined();
		} finally {
			await r.close();
		}
	}, 40_000);

	it('a difference that keeps failing ends the stream with a clear error, and nothing is lost', async () => {
		configureUpdates({ retryMs: 200, stallMs: 3000 });
		const r = await new Recorder().subscribe(w, {});
		let again: Recorder | undefined;
		try {
			w.ts.control.pushMessage({ fromId: w.bob, toUserId: w.me, text: 'warm-up' });
			await r.waitForTexts(1);
			const saved = r.state();
			// As with an update the library cannot read: every getDifference fails, on a live link.
			w.ts.control.injectError({
				method: 'updates.GetDifference',
				error: 'UPDATE_UNREADABLE',
				times: -1,
				userId: w.me,
			});
			w.ts.control.dropPushes({ userId: w.me, count: 1 });
			w.ts.control.pushMessage({ fromId: w.bob, toUserId: w.me, text: 'behind the stall' });
			w.ts.control.pushMessage({ fromId: w.bob, toUserId: w.me, text: 'after it' });
			await waitFor(() => r.fatal !== undefined, 15_000, 'the stall reported');
			expect(r.fatal?.message).toMatch(/updates stopped moving.*UPDATE_UNREADABLE/);
			expect(r.texts()).toEqual(['warm-up']);
			expect(updateEngineStats().accounts).toBe(0);
			// What n8n does after the error: activate again, from the position the trigger saved.
			w.ts.control.clearErrors();
			again = await new Recorder().subscribe(w, { from: saved });
			expect(await again.waitForTexts(2, 15_000)).toEqual(['behind the stall', 'after it']);
		} finally {
			await r.close();
			await again?.close();
		}
	}, 40_000);
});
