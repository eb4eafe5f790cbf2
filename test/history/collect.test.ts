// History → Collect against the loopback server: exact ids in both orders, every filter, chat
// lists with a bad chat, and Telegram's errors.
import type { IDataObject } from 'n8n-workflow';

import { closeAllClients } from '../../nodes/shared/transport/pool';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { startTestServer, type TestServer } from '../server';
import type { ChannelRec, MsgRec } from '../server/world/types';
import {
	accountCredential,
	idsOf,
	messagesOf,
	runCollect,
	span,
	summaryOf,
	type RunOptions,
	GRAMJS_TIMER_GRACE_MS,
} from './fixture';

// Taken inside beforeAll: jest's own hook timer is then part of the baseline.
let handles: HandleCounts;
let ts: TestServer;
let run: RunOptions;
let bigId: number;
let mixId: number;
let bobId: number;
const START = 1_700_000_000;

/** Ids of the channel's messages matching `keep`, newest first (what Collect should return). */
function expected(channelId: number, keep: (m: MsgRec) => boolean): number[] {
	const ch = ts.world.channels.get(channelId) as ChannelRec;
	return [...ch.ids].filter((id) => keep(ch.msgs.get(id) as MsgRec)).reverse();
}
const notService = (m: MsgRec) => !m.core.action;

beforeAll(async () => {
	handles = handleSnapshot();
	ts = await startTestServer();
	const alice = ts.control.createAccount({
		phone: '+15551001',
		firstName: 'Alice',
		username: 'alice_hist',
	});
	bobId = ts.control.createAccount({
		phone: '+15551002',
		firstName: 'Bob',
		username: 'bob_hist',
		session: false,
	}).userId;
	run = { credential: accountCredential(ts, alice.session as string) };

	bigId = ts.control.createChannel({
		title: 'Big',
		creatorId: alice.userId,
		username: 'big_hist',
	}).channelId;
	ts.control.seedMessages({ channelId: bigId, count: 10_000 });

	mixId = ts.control.createChannel({
		title: 'Mix',
		creatorId: alice.userId,
		username: 'mix_hist',
		megagroup: true,
		memberIds: [bobId],
	}).channelId;
	const mix = { channelId: mixId, startDate: START, stepSec: 60 };
	ts.control.seedMessages({
		...mix,
		count: 250,
		fromIds: [alice.userId, bobId],
		text: 'Plain note {i}',
	});
	ts.control.seedMessages({
		...mix,
		startDate: START + 250 * 60,
		count: 20,
		fromIds: [bobId],
		text: 'apple pie {i}',
	});
	ts.control.seedMessages({
		...mix,
		startDate: START + 270 * 60,
		count: 5,
		text: 'see https://example.com/{i}',
	});
	ts.control.seedMessages({
		...mix,
		startDate: START + 275 * 60,
		count: 7,
		text: 'photo {i}',
		media: { kind: 'photo', size: 200 },
	});
	ts.control.seedMessages({
		...mix,
		startDate: START + 282 * 60,
		count: 4,
		text: '',
		media: { kind: 'voice', size: 100 },
	});
	ts.control.seedMessages({
		...mix,
		startDate: START + 286 * 60,
		count: 3,
		text: 'file {i}',
		media: { kind: 'file', size: 100, fileName: 'a.txt' },
	});
	ts.control.seedMessages({ ...mix, startDate: START + 289 * 60, count: 110, text: 'tail {i}' });
});

afterAll(async () => {
	await closeAllClients();
	await ts.stop();
	await expectNoLeakedHandles(handles, GRAMJS_TIMER_GRACE_MS);
});

describe('exact collection of 10,000 messages', () => {
	const all = () => expected(bigId, notService);

	it('returns every message once, newest first', async () => {
		const out = await runCollect({ chats: '@big_hist' }, run);
		expect(all()).toHaveLength(10_000);
		expect(idsOf(out)).toEqual(all());
		expect(summaryOf(out)).toMatchObject({
			messages: 10_000,
			chats: 1,
			partial: false,
			firstId: 2,
			lastId: 10_001,
		});
	});

	it('returns every message once, oldest first, sequential or with parallel windows', async () => {
		for (const concurrency of [1, 4]) {
			const out = await runCollect(
				{ chats: '@big_hist', order: 'oldestFirst', options: { concurrency } },
				run,
			);
			expect(idsOf(out)).toEqual([...all()].reverse());
		}
	});

	it('stays exact where ids are uneven (deleted runs, sparse and dense parts)', async () => {
		const { channelId } = ts.control.createChannel({
			title: 'Holes',
			creatorId: ts.world.channels.get(bigId)!.creatorId,
			username: 'holes_hist',
		});
		ts.control.seedMessages({ channelId, count: 3000 });
		const gone = [...span(200, 700), ...span(1500, 3001).filter((id) => id % 10 !== 0)];
		ts.control.pushDelete({ channelId, ids: gone });
		const want = expected(channelId, notService);
		expect(want).toHaveLength(3000 - gone.length);
		for (const concurrency of [1, 3]) {
			for (const order of ['newestFirst', 'oldestFirst']) {
				const out = await runCollect(
					{ chats: '@holes_hist', order, options: { concurrency } },
					run,
				);
				expect(idsOf(out)).toEqual(order === 'newestFirst' ? want : [...want].reverse());
				expect(Number((summaryOf(out).perChat as IDataObject[])[0].requests)).toBeLessThan(40);
			}
		}
	});

	it('includes service messages on request', async () => {
		const out = await runCollect(
			{
				chats: `-100${bigId}`,
				filters: { includeService: true },
				returnAll: false,
				limit: 3,
				order: 'oldestFirst',
			},
			run,
		);
		expect(messagesOf(out).map((m) => [m.id, m.isService])).toEqual([
			[1, true],
			[2, false],
			[3, false],
		]);
	});

	it('serializes messages with stable hashes', async () => {
		const out = await runCollect({ chats: '@big_hist', returnAll: false, limit: 2 }, run);
		const [newest] = messagesOf(out);
		expect(newest).toMatchObject({
			id: 10_001,
			chatId: `-100${bigId}`,
			text: 'Message 10000',
			chatType: 'channel',
		});
		expect(newest.textHash).toMatch(/^[0-9a-f]{32}$/);
		expect(newest.mediaHash).toBeNull();
		const again = await runCollect({ chats: '@big_hist', returnAll: false, limit: 1 }, run);
		expect(messagesOf(again)[0].textHash).toBe(newest.textHash);
	});
});

describe('filters', () => {
	const collect = async (params: IDataObject) =>
		idsOf(await runCollect({ chats: '@mix_hist', ...params }, run));
	const dateOf = (m: MsgRec) => m.core.date;

	it('limit, in both orders', async () => {
		const all = expected(mixId, notService);
		expect(await collect({ returnAll: false, limit: 150 })).toEqual(all.slice(0, 150));
		expect(await collect({ returnAll: false, limit: 150, order: 'oldestFirst' })).toEqual(
			[...all].reverse().slice(0, 150),
		);
	});

	it('date range', async () => {
		const from = START + 100 * 60;
		const to = START + 180 * 60;
		const iso = (s: number) => new Date(s * 1000).toISOString();
		const want = expected(mixId, (m) => notService(m) && dateOf(m) >= from && dateOf(m) <= to);
		expect(want).toHaveLength(81);
		expect(await collect({ filters: { fromDate: iso(from), toDate: iso(to) } })).toEqual(want);
		expect(await collect({ filters: { fromDate: iso(from) }, order: 'oldestFirst' })).toEqual(
			expected(mixId, (m) => notService(m) && dateOf(m) >= from).reverse(),
		);
	});

	it('id range and offset', async () => {
		expect(await collect({ filters: { minId: 40, maxId: 260 } })).toEqual(span(40, 260).reverse());
		expect(await collect({ filters: { offsetId: 120 }, order: 'oldestFirst' })).toEqual(
			span(2, 119),
		);
		expect(await collect({ filters: { offsetId: 120, minId: 100 } })).toEqual(
			span(100, 119).reverse(),
		);
	});

	it('text search, sender and media types', async () => {
		const text = (m: MsgRec) => m.core.text.toLowerCase();
		const kind = (m: MsgRec) => (m.core.media?.kind === 'photo' ? 'photo' : m.core.media?.docKind);
		expect(await collect({ filters: { search: 'apple' } })).toEqual(
			expected(mixId, (m) => text(m).includes('apple')),
		);
		expect(await collect({ filters: { fromUser: '@bob_hist' } })).toEqual(
			expected(mixId, (m) => notService(m) && m.core.fromId === bobId),
		);
		expect(await collect({ filters: { fromUser: '@bob_hist', search: 'apple' } })).toHaveLength(20);
		const photos = await collect({ filters: { mediaFilter: 'photos' } });
		expect(photos).toEqual(expected(mixId, (m) => kind(m) === 'photo'));
		expect(photos).toHaveLength(7);
		expect(await collect({ filters: { mediaFilter: 'voice' } })).toEqual(
			expected(mixId, (m) => kind(m) === 'voice'),
		);
		expect(await collect({ filters: { mediaFilter: 'documents' } })).toEqual(
			expected(mixId, (m) => kind(m) === 'file'),
		);
		expect(await collect({ filters: { mediaFilter: 'links' } })).toEqual(
			expected(mixId, (m) => text(m).includes('https://')),
		);
	});

	it('gives media a hash of the file identity', async () => {
		const out = messagesOf(
			await runCollect({ chats: '@mix_hist', filters: { mediaFilter: 'photos' } }, run),
		);
		const hashes = out.map((m) => m.mediaHash);
		expect(hashes.every((h) => typeof h === 'string' && /^[0-9a-f]{32}$/.test(h))).toBe(true);
		expect(new Set(hashes).size).toBe(7);
		expect(out[0].media).toMatchObject({ type: 'photo' });
	});
});

describe('media download', () => {
	const MB = 1024 * 1024;
	it('downloads files into binary data within the per-file and per-run caps', async () => {
		const photos = await runCollect(
			{
				chats: '@mix_hist',
				filters: { mediaFilter: 'photos' },
				order: 'oldestFirst',
				options: { downloadMedia: true, maxTotalSizeMb: 450 / MB },
			},
			run,
		);
		const items = photos.filter((i) => !i.json.isSummary);
		expect(items).toHaveLength(7);
		expect(
			items.slice(0, 2).map((i) => Buffer.from(String(i.binary?.data.data), 'base64').length),
		).toEqual([200, 200]);
		expect(
			items
				.slice(2)
				.every((i) => i.binary === undefined && i.json.binarySkipped === 'runLimitReached'),
		).toBe(true);
		expect(summaryOf(photos).media).toEqual({ files: 2, bytes: 400 });
		const small = await runCollect(
			{
				chats: '@mix_hist',
				filters: { minId: 250 },
				options: { downloadMedia: true, maxFileSizeMb: 150 / MB, binaryPropertyName: 'file' },
			},
			run,
		);
		const withMedia = small.filter((i) => i.json.media);
		expect(
			withMedia
				.filter((i) => i.binary?.file)
				.map((i) => (i.json.media as IDataObject).type)
				.sort(),
		).toEqual([...Array(3).fill('document'), ...Array(4).fill('voice')]);
		expect(withMedia.filter((i) => i.json.binarySkipped === 'fileTooLarge')).toHaveLength(7);
	});
});

describe('chat lists and errors', () => {
	it('collects several chats, each with its own summary line', async () => {
		const out = await runCollect(
			{ chats: '@mix_hist\n@big_hist', returnAll: false, limit: 5 },
			run,
		);
		expect(messagesOf(out).map((m) => m.chatId)).toEqual([
			...Array(5).fill(`-100${mixId}`),
			...Array(5).fill(`-100${bigId}`),
		]);
		const summary = summaryOf(out);
		expect(summary).toMatchObject({ chats: 2, messages: 10 });
		expect((summary.perChat as IDataObject[]).map((c) => c.stoppedBy)).toEqual(['limit', 'limit']);
	});

	it('fails only the bad chat when continueOnFail is on', async () => {
		const params = { chats: '@mix_hist, @nobody_here_x, @big_hist', returnAll: false, limit: 3 };
		const out = await runCollect(params, { ...run, continueOnFail: true });
		const errors = out.filter((i) => i.json.error !== undefined);
		expect(errors).toHaveLength(1);
		expect(errors[0].json).toMatchObject({ chat: '@nobody_here_x' });
		expect(String(errors[0].json.error)).toMatch(/username/i);
		expect(idsOf(out)).toHaveLength(6);
		expect(summaryOf(out)).toMatchObject({ failedChats: 1, messages: 6 });
		await expect(runCollect(params, run)).rejects.toThrow(/username/i);
	});

	it('fails only the bad input item when continueOnFail is on', async () => {
		const out = await runCollect(
			[{ chats: '@big_hist', returnAll: false, limit: 2 }, { chats: '@nobody_here_x' }],
			{ ...run, continueOnFail: true },
		);
		expect(out.map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 0 },
			{ item: 1 },
		]);
		expect(out[3].json.error).toBeDefined();
	});

	it('says clearly when a chat is unknown or a private channel was left', async () => {
		const error = await runCollect({ chats: '-1009999999' }, run).catch((e: unknown) => e as Error);
		expect((error as Error).message).toMatch(/no chat with ID -1009999999/);
		const creatorId = ts.world.channels.get(bigId)!.creatorId;
		const secret = ts.control.createChannel({ title: 'Secret', creatorId }).channelId;
		ts.control.seedMessages({ channelId: secret, count: 5 });
		expect(idsOf(await runCollect({ chats: `-100${secret}` }, run))).toEqual(span(2, 6).reverse());
		ts.world.leaveChannel(creatorId, ts.world.channels.get(secret)!);
		const left = await runCollect({ chats: `-100${secret}` }, run).catch(
			(e: unknown) => e as Error,
		);
		expect((left as Error).message).toMatch(/private or the account was removed/);
	});

	it('fails the whole item when the session is dead, even with continueOnFail', async () => {
		const creatorId = ts.world.channels.get(bigId)!.creatorId;
		const { session } = ts.control.createSession({ userId: creatorId });
		const own = { credential: accountCredential(ts, session), continueOnFail: true };
		expect(
			idsOf(await runCollect({ chats: '@mix_hist', returnAll: false, limit: 1 }, own)),
		).toHaveLength(1);
		ts.control.revokeAuthKey({ session });
		const out = await runCollect({ chats: '@mix_hist, @big_hist' }, own);
		expect(out).toHaveLength(1);
		expect(String(out[0].json.error)).toMatch(/not logged in/);
	});
});
