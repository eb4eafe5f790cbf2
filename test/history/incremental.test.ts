// Incremental collection over several executions, messages arriving mid-run, and flood waits:
// every message exactly once, nothing lost.
import { ObservableObject, type IDataObject } from 'n8n-workflow';

import { closeAllClients } from '../../nodes/shared/transport/pool';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { startTestServer, type TestServer } from '../server';
import { METHODS } from '../server/methods/index';
import type { Method } from '../server/methods/context';
import {
	accountCredential,
	idsOf,
	runCollect,
	span,
	summaryOf,
	GRAMJS_TIMER_GRACE_MS,
	type RunOptions,
} from './fixture';

// Taken inside beforeAll: jest's own hook timer is then part of the baseline.
let handles: HandleCounts;
let ts: TestServer;
let run: RunOptions;
let aliceId: number;
const original = METHODS['messages.GetHistory'];

/** Runs `onCall(n)` before the n-th getHistory call (1-based) reaches the server's handler. */
function hookHistory(onCall: (n: number) => void): void {
	let calls = 0;
	const wrapped: Method = (ctx, req) => {
		onCall(++calls);
		return original(ctx, req);
	};
	METHODS['messages.GetHistory'] = wrapped;
}

function newChannel(username: string, count: number): number {
	const { channelId } = ts.control.createChannel({ title: username, creatorId: aliceId, username });
	if (count) ts.control.seedMessages({ channelId, count });
	return channelId;
}

function push(channelId: number, n: number): number[] {
	return Array.from(
		{ length: n },
		(_, i) => ts.control.pushMessage({ channelId, fromId: aliceId, text: `new ${i}` }).id,
	);
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

beforeAll(async () => {
	handles = handleSnapshot();
	ts = await startTestServer();
	const alice = ts.control.createAccount({
		phone: '+15552001',
		firstName: 'Alice',
		username: 'alice_inc',
	});
	aliceId = alice.userId;
	run = { credential: accountCredential(ts, alice.session as string) };
});

afterEach(() => {
	METHODS['messages.GetHistory'] = original;
	ts.control.clearErrors();
});

afterAll(async () => {
	await closeAllClients();
	await ts.stop();
	await expectNoLeakedHandles(handles, GRAMJS_TIMER_GRACE_MS);
});

describe('incremental mode', () => {
	it('returns each message exactly once over 3 executions with pushes in between', async () => {
		const channelId = newChannel('inc_three', 1000);
		const staticData: IDataObject = {};
		const params = { chats: '@inc_three', incremental: true, firstRun: 'all' };
		const seen: number[] = [];
		const first = idsOf(await runCollect(params, { ...run, staticData }));
		expect(first).toEqual(span(2, 1001).reverse());
		seen.push(...first);
		const pushed1 = push(channelId, 7);
		const second = await runCollect(params, { ...run, staticData });
		expect(idsOf(second)).toEqual([...pushed1].reverse());
		expect(summaryOf(second)).toMatchObject({
			messages: 7,
			perChat: [expect.objectContaining({ savedPosition: pushed1[6] })],
		});
		seen.push(...idsOf(second));
		const pushed2 = push(channelId, 250);
		const third = idsOf(
			await runCollect({ ...params, order: 'oldestFirst' }, { ...run, staticData }),
		);
		expect(third).toEqual(pushed2);
		seen.push(...third);
		expect(sorted(seen)).toEqual(span(2, pushed2[249]));
		expect(idsOf(await runCollect(params, { ...run, staticData }))).toEqual([]);
	});

	it("marks n8n's static data as changed on every run that moves the position", async () => {
		const channelId = newChannel('inc_observed', 30);
		// As n8n's Workflow.getStaticData builds it: a watched root and a watched node entry.
		const root = ObservableObject.create({}, undefined, { ignoreEmptyOnFirstChild: true });
		const staticData = ObservableObject.create(
			{},
			root as unknown as Parameters<typeof ObservableObject.create>[1],
		);
		root['node:Telegram Account'] = staticData;
		const changed = () => (root as { __dataChanged?: boolean }).__dataChanged;
		const params = { chats: '@inc_observed', incremental: true, firstRun: 'all' };
		root.__dataChanged = false;
		expect(idsOf(await runCollect(params, { ...run, staticData }))).toHaveLength(30);
		expect(changed()).toBe(true);
		root.__dataChanged = false;
		push(channelId, 2);
		expect(idsOf(await runCollect(params, { ...run, staticData }))).toHaveLength(2);
		expect(changed()).toBe(true);
		root.__dataChanged = false;
		expect(idsOf(await runCollect(params, { ...run, staticData }))).toHaveLength(0);
		expect(changed()).toBe(false);
	});

	it('continues where a capped run stopped, without gaps', async () => {
		const channelId = newChannel('inc_capped', 700);
		const staticData: IDataObject = {};
		const params = {
			chats: '@inc_capped',
			incremental: true,
			firstRun: 'all',
			returnAll: false,
			limit: 300,
		};
		const seen: number[] = [];
		for (let i = 0; i < 4; i++) {
			const ids = idsOf(await runCollect(params, { ...run, staticData }));
			expect(ids).toEqual(sorted(ids));
			seen.push(...ids);
			if (i === 1) push(channelId, 5);
		}
		expect(seen).toEqual(span(2, 706));
	});

	it('starts a first run from the last N messages, a date, or now', async () => {
		const channelId = newChannel('inc_first', 500);
		const last = { ...run, staticData: {} };
		const params = { chats: '@inc_first', incremental: true, firstRun: 'last', firstRunCount: 10 };
		expect(idsOf(await runCollect(params, last))).toEqual(span(492, 501).reverse());
		const none = { ...run, staticData: {} };
		expect(idsOf(await runCollect({ ...params, firstRun: 'none' }, none))).toEqual([]);
		const pushed = push(channelId, 3);
		expect(idsOf(await runCollect(params, last))).toEqual([...pushed].reverse());
		expect(idsOf(await runCollect({ ...params, firstRun: 'none' }, none))).toEqual(
			[...pushed].reverse(),
		);
		const since = new Date(
			ts.world.channels.get(channelId)!.msgs.get(450)!.core.date * 1000,
		).toISOString();
		const fromDate = idsOf(
			await runCollect(
				{ ...params, firstRun: 'since', firstRunSince: since },
				{ ...run, staticData: {} },
			),
		);
		expect(fromDate).toEqual([...span(450, 501), ...pushed].reverse());
	});

	it('stays exact when messages arrive during the collection', async () => {
		for (const order of ['newestFirst', 'oldestFirst']) {
			const username = `inc_live_${order === 'newestFirst' ? 'n' : 'o'}`;
			const channelId = newChannel(username, 1200);
			const staticData: IDataObject = {};
			let pushed: number[] = [];
			hookHistory((n) => {
				if (n === 3) pushed = push(channelId, 5);
			});
			const params = {
				chats: `@${username}`,
				incremental: true,
				firstRun: 'all',
				order,
				options: { concurrency: 2 },
			};
			const first = idsOf(await runCollect(params, { ...run, staticData }));
			expect(pushed).toHaveLength(5);
			expect(sorted(first)).toEqual(span(2, 1201));
			METHODS['messages.GetHistory'] = original;
			expect(sorted(idsOf(await runCollect(params, { ...run, staticData })))).toEqual(pushed);
		}
	});
});

describe('flood waits', () => {
	it('waits out a FLOOD_WAIT below the threshold mid-collection and loses nothing', async () => {
		newChannel('flood_short', 1500);
		hookHistory((n) => {
			if (n === 4) ts.control.injectError({ method: 'messages.GetHistory', error: 'FLOOD_WAIT_1' });
		});
		const out = await runCollect({ chats: '@flood_short', order: 'oldestFirst' }, run);
		expect(idsOf(out)).toEqual(span(2, 1501));
		expect(summaryOf(out)).toMatchObject({ partial: false, messages: 1500 });
		expect(Number(summaryOf(out).floodWaitSeconds)).toBeGreaterThanOrEqual(1);
		expect(
			ts.control.rpcLog({ method: 'messages.GetHistory' }).some((e) => e.error === 'FLOOD_WAIT_1'),
		).toBe(true);
	});

	it('returns partial results on a longer flood wait, and the next run continues', async () => {
		newChannel('flood_long', 1500);
		const staticData: IDataObject = {};
		hookHistory((n) => {
			if (n === 6)
				ts.control.injectError({
					method: 'messages.GetHistory',
					error: 'FLOOD_WAIT_30',
					times: Infinity,
				});
		});
		const params = {
			chats: '@flood_long',
			incremental: true,
			firstRun: 'all',
			returnAll: false,
			limit: 5000,
		};
		const first = await runCollect(params, { ...run, staticData });
		const summary = summaryOf(first);
		expect(summary).toMatchObject({
			partial: true,
			perChat: [expect.objectContaining({ stoppedBy: 'floodWait' })],
		});
		const got = idsOf(first);
		expect(got.length).toBeGreaterThan(0);
		expect(got).toEqual(span(2, 1 + got.length));
		ts.control.clearErrors();
		const rest = idsOf(await runCollect(params, { ...run, staticData }));
		expect([...got, ...rest]).toEqual(span(2, 1501));
	});

	it('stops asking after a long flood wait while resolving a chat, and says so', async () => {
		newChannel('flood_res_a', 5);
		newChannel('flood_res_b', 5);
		ts.control.injectError({ method: 'contacts.ResolveUsername', error: 'FLOOD_WAIT_30' });
		const out = await runCollect({ chats: '@flood_res_a, @flood_res_b' }, run);
		expect(idsOf(out)).toEqual([]);
		const perChat = summaryOf(out).perChat as IDataObject[];
		expect(perChat.map((c) => [c.chat, c.partial, c.stoppedBy])).toEqual([
			['@flood_res_a', true, 'floodWait'],
			['@flood_res_b', true, 'floodWait'],
		]);
	});

	it("fails with Telegram's wait time when asked to", async () => {
		newChannel('flood_fail', 50);
		ts.control.injectError({
			method: 'messages.GetHistory',
			error: 'FLOOD_WAIT_30',
			times: Infinity,
		});
		const params = { chats: '@flood_fail', options: { onFloodWait: 'fail' } };
		await expect(runCollect(params, run)).rejects.toThrow(/wait 30 seconds/);
	});
});
