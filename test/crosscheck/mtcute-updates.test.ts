// mtcute keeps real pts bookkeeping (GramJS keeps none): messages pushed by the loopback server
// must reach mtcute's new-message handler in order with no gap recovery once their sender is
// known (a short form from an unknown sender costs one getDifference), a gap must be closed by
// updates.getDifference, and long histories must page without holes or repeats.
import './mtcute-quiet';
import type { Message } from '@mtcute/core';
import { sleep, withDeadline } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { loginWithCode, protocolComplaints, withClient } from './fixture';
import { startCrosscheckServer, type CrosscheckServer } from './loopback-server';
import type { LoopbackClient } from './mtcute-client';

let before: HandleCounts;
let srv: CrosscheckServer;
let friendId: number;
let phoneSeq = 0;

beforeAll(async () => {
	before = handleSnapshot();
	srv = await startCrosscheckServer({ dcs: [{ id: 2 }] });
	friendId = srv.control.createUser({ firstName: 'Carol', username: 'carol_push' }).userId;
});

afterAll(async () => {
	await srv?.stop();
	await expectNoLeakedHandles(before);
});

function newAccount(): { phone: string; userId: number } {
	const phone = `1555030${String(++phoneSeq).padStart(4, '0')}`;
	const { userId } = srv.control.createAccount({ phone, firstName: 'Upd', session: false });
	return { phone, userId };
}

/** signIn starts mtcute's updates loop without waiting; pushes before it is up are not seen. */
async function updatesLoopUp(c: LoopbackClient): Promise<void> {
	const end = Date.now() + 5000;
	while (!c.base.updates?.updatesLoopActive) {
		if (Date.now() > end) throw new Error('mtcute updates loop not running 5 s after signIn');
		await sleep(10);
	}
}

/** Collects new messages; `waitFor(n)` resolves once n have arrived (or fails at its deadline). */
function collect(c: LoopbackClient) {
	const got: Message[] = [];
	c.client.onNewMessage.add((m) => got.push(m));
	return {
		got,
		async waitFor(n: number, ms: number) {
			const end = Date.now() + ms;
			while (got.length < n && Date.now() < end) await sleep(20);
			if (got.length < n) throw new Error(`${got.length} of ${n} new messages within ${ms} ms`);
		},
	};
}

test('pushed messages reach onNewMessage in order, without gap recovery', async () => {
	const { phone, userId } = newAccount();
	await withClient(srv, 'intermediate', async (c) => {
		await loginWithCode(srv, c, phone);
		// Not startUpdatesLoop(): racing signIn's own start, it would subscribe twice.
		await updatesLoopUp(c);
		const inbox = collect(c);
		for (const i of [1, 2, 3]) {
			srv.control.pushMessage({ toUserId: userId, fromId: friendId, text: `live ${i}` });
		}
		await inbox.waitFor(3, 5000);
		expect(inbox.got.map((m) => [m.text, m.sender.id, m.isOutgoing])).toEqual(
			[1, 2, 3].map((i) => [`live ${i}`, friendId, false]),
		);
		// pushMessage answers the sender's copy; the account's ids are what its history says.
		const history = await withDeadline(c.client.getHistory('carol_push'), 5000, 'getHistory');
		expect(inbox.got.map((m) => m.id)).toEqual(history.map((m) => m.id).reverse());
		// The pushes are updateShortMessage without Carol's user object, as Telegram sends them:
		// mtcute, which never saw Carol, asks getDifference once (after its login catch-up).
		const diffs = () => srv.control.rpcLog({ userId, method: 'updates.GetDifference' }).length;
		const afterFirst = diffs();
		for (const i of [4, 5]) {
			srv.control.pushMessage({ toUserId: userId, fromId: friendId, text: `live ${i}` });
		}
		await inbox.waitFor(5, 5000);
		expect(inbox.got.slice(3).map((m) => m.text)).toEqual(['live 4', 'live 5']);
		// Carol is known now and the pts run has no gap: no difference is asked for.
		expect(diffs()).toBe(afterFirst);
		expect(protocolComplaints(c.logs)).toEqual([]);
	});
});

test('a message pushed while the session is gone is fetched with getDifference', async () => {
	const { phone, userId } = newAccount();
	await withClient(
		srv,
		'intermediate',
		async (c) => {
			await loginWithCode(srv, c, phone);
			await updatesLoopUp(c);
			const inbox = collect(c);
			srv.control.pushMessage({ toUserId: userId, fromId: friendId, text: 'before drop' });
			await inbox.waitFor(1, 5000);
			// Drop the connection: the next push is only in the account's box (pts moves on).
			srv.control.dropConnections({ userId });
			srv.control.pushMessage({ toUserId: userId, fromId: friendId, text: 'missed' });
			// mtcute reconnects when asked for something; a live push after that reveals the gap.
			await withDeadline(c.client.getMe(), 10_000, 'getMe after drop');
			srv.control.pushMessage({ toUserId: userId, fromId: friendId, text: 'after' });
			await inbox.waitFor(3, 10_000);
			expect(inbox.got.map((m) => m.text)).toEqual(['before drop', 'missed', 'after']);
			expect(inbox.got.map((m) => m.id)).toEqual([1, 2, 3]);
			const log = srv.control.rpcLog({ userId, method: 'updates.GetDifference' });
			expect(log.length).toBeGreaterThanOrEqual(2); // catch-up at login, then the gap
		},
		{ reconnect: true },
	);
});

test('250 messages page back without holes or repeats', async () => {
	const { phone, userId } = newAccount();
	srv.control.seedMessages({ between: [userId, friendId], count: 250, text: 'page {i}' });
	await withClient(srv, 'intermediate', async (c) => {
		await loginWithCode(srv, c, phone);
		const ids: number[] = [];
		const texts: string[] = [];
		const pages = c.client.iterHistory('carol_push', { chunkSize: 100 });
		await withDeadline(
			(async () => {
				for await (const m of pages) {
					ids.push(m.id);
					texts.push(m.text);
				}
			})(),
			15_000,
			'iterHistory',
		);
		expect(ids).toEqual(Array.from({ length: 250 }, (_v, i) => 250 - i));
		expect(texts[0]).toBe('page 250');
		expect(texts[249]).toBe('page 1');
		const pagesAsked = srv.control.rpcLog({ userId, method: 'messages.GetHistory' });
		expect(pagesAsked.length).toBeGreaterThanOrEqual(3);
		expect(protocolComplaints(c.logs)).toEqual([]);
	});
});

test('held, released late, duplicated and too-long pushes each reach mtcute exactly once', async () => {
	const { phone, userId } = newAccount();
	await withClient(srv, 'intermediate', async (c) => {
		await loginWithCode(srv, c, phone);
		await updatesLoopUp(c);
		const inbox = collect(c);
		const push = (text: string) =>
			srv.control.pushMessage({ toUserId: userId, fromId: friendId, text });
		push('known');
		await inbox.waitFor(1, 5000);
		// Held back: the next push shows mtcute a pts gap, which getDifference closes.
		srv.control.holdPushes({ userId, count: 1 });
		push('held');
		push('after held');
		// Generous deadlines: mtcute waits out its own gap timer, slow on a loaded 2-core machine.
		await inbox.waitFor(3, 30_000);
		// Released late (already applied) and duplicated: both must be skipped by pts.
		srv.control.releasePushes({ userId });
		srv.control.duplicatePushes({ userId, count: 1 });
		push('twice');
		srv.control.pushTooLong({ userId });
		push('last');
		await inbox.waitFor(5, 30_000);
		expect(inbox.got.map((m) => m.text)).toEqual(['known', 'held', 'after held', 'twice', 'last']);
		expect(protocolComplaints(c.logs)).toEqual([]);
	});
}, 90_000);
