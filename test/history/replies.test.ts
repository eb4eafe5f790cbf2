// Replies of one post (Filters → Replies of Post ID). The loopback server has no
// messages.getReplies yet, so this file adds a small one: a thread is the channel's messages
// that reply to the post, paged like getHistory.
import type { Api } from 'telegram';

import { closeAllClients } from '../../nodes/shared/transport/pool';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { startTestServer, type TestServer } from '../server';
import { channelOf, inputPeer, type Method } from '../server/methods/context';
import { METHODS } from '../server/methods/index';
import { messagesAnswer } from '../server/methods/messages-read';
import { historyPage } from '../server/world/history';
import {
	accountCredential,
	idsOf,
	runCollect,
	GRAMJS_TIMER_GRACE_MS,
	type RunOptions,
} from './fixture';

// Taken inside beforeAll: jest's own hook timer is then part of the baseline.
let handles: HandleCounts;
let ts: TestServer;
let run: RunOptions;
let postId: number;
let replies: number[];

const getReplies: Method = (ctx, req: Api.messages.GetReplies) => {
	const ch = channelOf(ctx, inputPeer(ctx, req.peer));
	const asc = ch.ids.filter((id) => ch.msgs.get(id)?.replyToId === req.msgId);
	const page = historyPage(asc, (id) => ch.msgs.get(id)!.core.date, req);
	return messagesAnswer(
		ctx,
		{ store: ch, asc, channel: ch },
		page.ids,
		asc.length,
		page.offsetIdOffset,
	);
};

beforeAll(async () => {
	handles = handleSnapshot();
	METHODS['messages.GetReplies'] = getReplies;
	ts = await startTestServer();
	const alice = ts.control.createAccount({
		phone: '+15553001',
		firstName: 'Alice',
		username: 'alice_rep',
	});
	run = { credential: accountCredential(ts, alice.session as string) };
	const { channelId } = ts.control.createChannel({
		title: 'Talk',
		creatorId: alice.userId,
		username: 'talk_rep',
		megagroup: true,
	});
	ts.control.seedMessages({ channelId, count: 50 });
	postId = ts.control.pushMessage({ channelId, fromId: alice.userId, text: 'the post' }).id;
	replies = [];
	for (let i = 0; i < 260; i++) {
		const replyToId = i % 3 === 0 ? undefined : postId;
		const { id } = ts.control.pushMessage({
			channelId,
			fromId: alice.userId,
			text: `reply ${i}`,
			replyToId,
		});
		if (replyToId) replies.push(id);
	}
});

afterAll(async () => {
	delete METHODS['messages.GetReplies'];
	await closeAllClients();
	await ts.stop();
	await expectNoLeakedHandles(handles, GRAMJS_TIMER_GRACE_MS);
});

it('collects every reply of a post exactly, in both orders', async () => {
	expect(replies.length).toBeGreaterThan(150);
	const newest = await runCollect({ chats: '@talk_rep', filters: { threadOf: postId } }, run);
	expect(idsOf(newest)).toEqual([...replies].reverse());
	expect(
		newest
			.filter((i) => !i.json.isSummary)
			.every((i) => (i.json.replyTo as { messageId: number }).messageId === postId),
	).toBe(true);
	const oldest = await runCollect(
		{ chats: '@talk_rep', filters: { threadOf: postId }, order: 'oldestFirst' },
		run,
	);
	expect(idsOf(oldest)).toEqual(replies);
});

it('remembers a thread apart from its chat in incremental mode', async () => {
	const staticData = {};
	const params = {
		chats: '@talk_rep',
		incremental: true,
		firstRun: 'all',
		filters: { threadOf: postId },
	};
	expect(idsOf(await runCollect(params, { ...run, staticData }))).toHaveLength(replies.length);
	expect(Object.keys((staticData as { collectedUpTo: object }).collectedUpTo)).toEqual([
		expect.stringMatching(new RegExp(`/${postId}$`)),
	]);
	expect(idsOf(await runCollect(params, { ...run, staticData }))).toEqual([]);
});

it("applies a first-run date to a thread by the replies' dates", async () => {
	const params = {
		chats: '@talk_rep',
		incremental: true,
		firstRun: 'since',
		filters: { threadOf: postId },
	};
	const later = new Date(Date.now() + 86_400_000).toISOString();
	const earlier = new Date(Date.now() - 86_400_000).toISOString();
	expect(
		idsOf(await runCollect({ ...params, firstRunSince: later }, { ...run, staticData: {} })),
	).toEqual([]);
	expect(
		idsOf(await runCollect({ ...params, firstRunSince: earlier }, { ...run, staticData: {} })),
	).toHaveLength(replies.length);
});
