import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { searchDialogs } from '../../nodes/shared/methods/listSearch';
import { withDeadline } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { LEAK_GRACE_MS, rl, run, runError, startWorld, type World } from './fixture';

/** Taken inside beforeAll: jest's own hook timer then counts on both sides. */
let handles: HandleCounts;
let world: World;
let bob: number;
let newsId: number;
let teamId: number;
let clubId: number;

beforeAll(async () => {
	handles = handleSnapshot();
	world = await startWorld();
	const c = world.ts.control;
	const me = world.me.userId;
	bob = c.createUser({
		firstName: 'Bob',
		lastName: 'Builder',
		username: 'bob_user',
		about: 'I build',
	} as never).userId;
	const eve = c.createUser({ firstName: 'Eve', username: 'eve_user' }).userId;
	c.seedMessages({ between: [bob, me], count: 3 });
	c.seedMessages({ between: [eve, me], count: 2 });
	world.ts.world.dialog(me, { type: 'user', id: eve }).readInboxMaxId = 1_000_000;
	newsId = c.createChannel({
		title: 'News Feed',
		creatorId: bob,
		username: 'news_feed',
		about: 'Daily news',
		memberIds: [me],
	}).channelId;
	c.seedMessages({ channelId: newsId, count: 4 });
	teamId = c.createChannel({
		title: 'Team Chat',
		creatorId: bob,
		username: 'team_chat',
		megagroup: true,
	}).channelId;
	clubId = c.createChannel({
		title: 'Secret Club',
		creatorId: bob,
		megagroup: true,
		inviteHash: 'ClubInvite42',
	}).channelId;
	c.createGroup({ title: 'Family', creatorId: me, memberIds: [bob], inviteHash: 'FamilyInvite7' });
});

afterAll(async () => {
	await world.close();
	await expectNoLeakedHandles(handles, LEAK_GRACE_MS);
});

const chat = (operation: string, params: Record<string, unknown> = {}) => ({
	resource: 'chat',
	operation,
	...params,
});

let others = 0;

/**
 * A second account of the test's own for joining and leaving: the main account's dialogs stay as
 * the listing tests expect, whatever order the tests run in.
 */
function otherAccount(): { userId: number; credentials: ReturnType<World['credentials']> } {
	others++;
	const { userId } = world.ts.control.createAccount({
		phone: `+1555000${3000 + others}`,
		firstName: `Other${others}`,
		session: false,
	});
	const { session } = world.ts.control.createSession({ userId });
	world.secrets.push(session);
	return { userId, credentials: { ...world.credentials(), session } };
}

describe('Chat operations', () => {
	it('lists dialogs with their type, unread count and last message', async () => {
		const out = await run(world, { params: chat('getMany', { returnAll: true, filters: {} }) });
		const byTitle = new Map(out.map((o) => [String(o.json.title ?? o.json.name), o.json]));
		expect(byTitle.get('News Feed')).toMatchObject({
			type: 'channel',
			chatId: `-100${newsId}`,
			username: 'news_feed',
		});
		expect(byTitle.get('Family')).toMatchObject({ type: 'group' });
		expect(byTitle.get('Bob Builder')).toMatchObject({
			type: 'user',
			chatId: String(bob),
			unreadCount: expect.any(Number),
		});
		expect((byTitle.get('Bob Builder')!.lastMessage as { text: string }).text).toMatch(/^Message/);
		expect(out.every((o) => o.pairedItem && (o.pairedItem as { item: number }).item === 0)).toBe(
			true,
		);
	});

	it('filters dialogs by type, unread and limit', async () => {
		const channels = await run(world, {
			params: chat('getMany', { returnAll: true, filters: { types: ['channel'] } }),
		});
		expect(channels.map((o) => o.json.title)).toEqual(['News Feed']);
		const groups = await run(world, {
			params: chat('getMany', { returnAll: true, filters: { types: ['group'] } }),
		});
		expect(groups.map((o) => o.json.title)).toEqual(['Family']);
		const privates = await run(world, {
			params: chat('getMany', { returnAll: true, filters: { types: ['private'] } }),
		});
		expect(privates.map((o) => o.json.username).sort()).toEqual(['bob_user', 'eve_user']);
		const unread = await run(world, {
			params: chat('getMany', {
				returnAll: true,
				filters: { unreadOnly: true, types: ['private'] },
			}),
		});
		expect(unread.map((o) => o.json.username)).toEqual(['bob_user']);
		const two = await run(world, {
			params: chat('getMany', { returnAll: false, limit: 2, filters: {} }),
		});
		expect(two).toHaveLength(2);
		const archived = await run(world, {
			params: chat('getMany', { returnAll: true, filters: { archived: true } }),
		});
		expect(archived).toHaveLength(0);
	});

	it('gets full info of a user, a channel and a supergroup', async () => {
		const user = await run(world, { params: chat('get', { chatId: rl('@bob_user', 'username') }) });
		expect(user[0].json).toMatchObject({
			chatId: String(bob),
			name: 'Bob Builder',
			about: 'I build',
		});
		const channel = await run(world, {
			params: chat('get', { chatId: rl('https://t.me/news_feed', 'url') }),
		});
		expect(channel[0].json).toMatchObject({
			chatId: `-100${newsId}`,
			type: 'channel',
			about: 'Daily news',
			participantsCount: 2,
		});
		const group = await run(world, { params: chat('get', { chatId: rl('@team_chat') }) });
		expect(group[0].json).toMatchObject({ type: 'supergroup', title: 'Team Chat' });
	});

	it('gets full info of a basic group with its members', async () => {
		const out = await run(world, {
			params: chat('get', { chatId: rl('https://t.me/+FamilyInvite7', 'url') }),
		});
		expect(out[0].json).toMatchObject({ type: 'group', title: 'Family', participantsCount: 2 });
	});

	it.each([
		['@bob_user', () => String(bob), 'user'],
		['bob_user', () => String(bob), 'user'],
		['https://t.me/bob_user', () => String(bob), 'user'],
		['tg://resolve?domain=news_feed', () => `-100${newsId}`, 'channel'],
		['+15550001000', () => String(world.me.userId), 'user'],
		['me', () => String(world.me.userId), 'user'],
	])('resolves %s', async (input, chatId, type) => {
		const out = await run(world, { params: chat('resolve', { chatId: rl(input) }) });
		expect(out[0].json).toMatchObject({ chatId: chatId(), type });
	});

	it('resolves a t.me post link to the channel and message id', async () => {
		const out = await run(world, {
			params: chat('resolve', { chatId: rl('https://t.me/news_feed/3', 'url') }),
		});
		expect(out[0].json).toMatchObject({
			chatId: `-100${newsId}`,
			title: 'News Feed',
			username: 'news_feed',
			messageId: 3,
		});
	});

	it('resolves a @username once per connection however many items ask', async () => {
		const before = world.ts.control.rpcLog({ method: 'contacts.ResolveUsername' }).length;
		const out = await run(world, {
			items: Array.from({ length: 5 }, () => ({ json: {} })),
			params: chat('resolve', { chatId: rl('@eve_user') }),
		});
		expect(out).toHaveLength(5);
		expect(
			world.ts.control.rpcLog({ method: 'contacts.ResolveUsername' }).length - before,
		).toBeLessThanOrEqual(1);
	});

	it('joins a public supergroup by username, then says it is already a member', async () => {
		const { userId, credentials } = otherAccount();
		let out = await run(world, { params: chat('join', { target: '@team_chat' }), credentials });
		expect(out[0].json).toMatchObject({
			chatId: `-100${teamId}`,
			joined: true,
			alreadyMember: false,
		});
		expect(world.ts.world.channels.get(teamId)!.members.has(userId)).toBe(true);
		out = await run(world, {
			params: chat('join', { target: 'https://t.me/team_chat' }),
			credentials,
		});
		expect(out[0].json).toMatchObject({ joined: true });
	});

	it('joins a private supergroup by invite link; a bad link fails clearly', async () => {
		const { credentials } = otherAccount();
		const join = (target: string) => ({ params: chat('join', { target }), credentials });
		let out = await run(world, join('https://t.me/+ClubInvite42'));
		expect(out[0].json).toMatchObject({
			chatId: `-100${clubId}`,
			title: 'Secret Club',
			joined: true,
		});
		out = await run(world, join('https://t.me/+ClubInvite42'));
		expect(out[0].json).toMatchObject({ chatId: `-100${clubId}`, alreadyMember: true });
		const error = await runError(world, join('https://t.me/+NoSuchInvite'));
		expect(error.message).toMatch(/invite link expired/);
	});

	it('refuses to join a user', async () => {
		const error = await runError(world, { params: chat('join', { target: '@bob_user' }) });
		expect(error.message).toMatch(/not a public group or channel/);
	});

	it('leaves a channel; leaving a private chat is refused', async () => {
		const { userId, credentials } = otherAccount();
		const { channelId } = world.ts.control.createChannel({
			title: 'Leavers Lounge',
			creatorId: bob,
			username: 'leavers_lounge',
			megagroup: true,
			memberIds: [userId],
		});
		const out = await run(world, {
			params: chat('leave', { chatId: rl('@leavers_lounge') }),
			credentials,
		});
		expect(out[0].json).toMatchObject({ chatId: `-100${channelId}`, left: true });
		expect(world.ts.world.channels.get(channelId)!.members.has(userId)).toBe(false);
		const error = await runError(world, {
			params: chat('leave', { chatId: rl('@bob_user') }),
			credentials,
		});
		expect(error.message).toMatch(/private chat/);
	});

	it('leaves a basic group', async () => {
		const { userId, credentials } = otherAccount();
		world.ts.control.createGroup({ title: 'Old Class', creatorId: bob, memberIds: [userId] });
		const groups = await run(world, {
			params: chat('getMany', { returnAll: true, filters: { types: ['group'] } }),
			credentials,
		});
		expect(groups.map((o) => o.json.title)).toEqual(['Old Class']);
		const out = await run(world, {
			params: chat('leave', { chatId: rl(String(groups[0].json.chatId)) }),
			credentials,
		});
		expect(out[0].json.left).toBe(true);
	});

	it('lists dialogs for the chat field, searchable by title or username', async () => {
		const fn = {
			getNode: () => ({ name: 'Telegram Account' }),
			getCredentials: async () => world.credentials(),
		} as unknown as ILoadOptionsFunctions;
		const all = await withDeadline(searchDialogs.call(fn), 10_000, 'listSearch');
		expect(all.results.length).toBeGreaterThanOrEqual(4);
		const news = await withDeadline(searchDialogs.call(fn, 'news'), 10_000, 'listSearch');
		expect(news.results).toEqual([
			{
				name: 'News Feed @news_feed (channel)',
				value: `-100${newsId}`,
				url: 'https://t.me/news_feed',
			},
		]);
		const bobs = await withDeadline(searchDialogs.call(fn, 'BOB_US'), 10_000, 'listSearch');
		expect(bobs.results.map((r) => r.value)).toEqual([String(bob)]);
	});
});
