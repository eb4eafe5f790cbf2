// A private chat numbers its messages with the account's common ids, so the chat starts far above
// id 1: Collect History must not ask for id windows below the chat's first message. Requests are
// counted in the loopback server's RPC log.
import { closeAllClients } from '../../nodes/shared/transport/pool';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { startTestServer, type TestServer } from '../server';
import {
	accountCredential,
	idsOf,
	runCollect,
	span,
	summaryOf,
	GRAMJS_TIMER_GRACE_MS,
	type Params,
	type RunOptions,
} from './fixture';

let handles: HandleCounts;
let ts: TestServer;
let run: RunOptions;
let aliceId: number;
/** Ids of the chat with Bob, ascending. */
let chatIds: number[];
const SIZE = 3_000;

beforeAll(async () => {
	handles = handleSnapshot();
	ts = await startTestServer();
	const alice = ts.control.createAccount({
		phone: '+15551301',
		firstName: 'Alice',
		username: 'alice_win',
	});
	aliceId = alice.userId;
	const bob = ts.control.createUser({ firstName: 'Bob', username: 'bob_win' });
	const carol = ts.control.createUser({ firstName: 'Carol' });
	run = { credential: accountCredential(ts, alice.session as string) };
	// 2,000 messages elsewhere first: the chat with Bob starts around id 2,000 of the account.
	ts.control.seedMessages({ between: [aliceId, carol.userId], count: 2_000 });
	// firstId is in Alice's numbering (lastId is Bob's: he sent the last one).
	const seeded = ts.control.seedMessages({ between: [aliceId, bob.userId], count: SIZE });
	chatIds = span(seeded.firstId, seeded.firstId + SIZE - 1);
});

afterAll(async () => {
	await closeAllClients();
	await ts.stop();
	await expectNoLeakedHandles(handles, GRAMJS_TIMER_GRACE_MS);
});

/** Runs a collect of the chat with Bob; returns its ids and the getHistory calls it made. */
async function collect(params: Params) {
	const count = () => ts.control.rpcLog({ method: 'messages.GetHistory', userId: aliceId }).length;
	const before = count();
	const out = await runCollect({ chats: '@bob_win', ...params }, run);
	return { out, ids: idsOf(out), calls: count() - before, summary: summaryOf(out) };
}

describe('id windows of a private chat', () => {
	it('asks only for pages that hold the chat, newest first', async () => {
		const { ids, calls, summary } = await collect({});
		expect(chatIds[0]).toBeGreaterThan(2_000);
		expect(ids).toEqual([...chatIds].reverse());
		// One request per 100 messages: none below the chat's first message.
		expect(summary.perChat).toMatchObject([{ requests: SIZE / 100 }]);
		expect(calls).toBe(SIZE / 100);
	});

	it('asks only for pages that hold the chat, oldest first with a limit', async () => {
		const { ids, calls } = await collect({
			order: 'oldestFirst',
			returnAll: false,
			limit: SIZE,
			options: { concurrency: 4 },
		});
		expect(ids).toEqual(chatIds);
		expect(calls).toBe(SIZE / 100);
	});

	it('stays exact sequentially and when the chat is smaller than two pages', async () => {
		const small = ts.control.createUser({ firstName: 'Dan', username: 'dan_win' });
		const seeded = ts.control.seedMessages({ between: [aliceId, small.userId], count: 150 });
		for (const order of ['newestFirst', 'oldestFirst']) {
			const out = await runCollect({ chats: '@dan_win', order, options: { concurrency: 1 } }, run);
			const want = span(seeded.firstId, seeded.firstId + 149);
			expect(idsOf(out)).toEqual(order === 'oldestFirst' ? want : [...want].reverse());
			expect(summaryOf(out).perChat).toMatchObject([{ requests: 2 }]);
		}
	});
});
