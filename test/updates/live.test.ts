import { poolStats } from '../../nodes/shared/transport/pool';
import { updateEngineStats } from '../../nodes/shared/updates/index';
import type { MessageEvent } from '../../nodes/shared/updates/types';
import { sleep } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { Recorder, startUpdatesWorld, type UpdatesWorld } from './fixture';

/** GramJS's ping loop leaves one 10 s timer behind a client that lived over 9 s. */
const LEAK_GRACE_MS = 12_000;

describe('update engine: live messages', () => {
	let w: UpdatesWorld;
	let before: HandleCounts;
	beforeAll(async () => {
		before = handleSnapshot();
		w = await startUpdatesWorld();
	});
	afterAll(async () => {
		await w.close();
		await expectNoLeakedHandles(before, LEAK_GRACE_MS);
	}, 30_000);

	it('hands out private, group and channel messages in order, with sender and position', async () => {
		const r = await new Recorder().subscribe(w);
		try {
			const c = w.ts.control;
			c.pushMessage({ fromId: w.bob, toUserId: w.me, text: 'private 1' });
			c.pushMessage({ fromId: w.bob, chatId: w.groupId, text: 'group 1' });
			c.pushMessage({ fromId: w.bob, channelId: w.channelId, text: 'channel 1' });
			c.pushMessage({ fromId: w.bob, toUserId: w.me, text: 'private 2' });
			// Order holds per box; across boxes Telegram gives none (a short form's unknown sender
			// sends the account box through the difference, the channel's update goes on live).
			const texts = await r.waitForTexts(4);
			expect(texts.filter((t) => t !== 'channel 1')).toEqual(['private 1', 'group 1', 'private 2']);
			expect(texts).toContain('channel 1');
			const byText = (t: string) =>
				(r.events as MessageEvent[]).find((e) => e.message.message === t) as MessageEvent;
			const [priv, group, channel] = ['private 1', 'group 1', 'channel 1'].map(byText);
			expect(priv.chatId).toBe(String(w.bob));
			expect(group.chatId).toBe(`-${w.groupId}`);
			expect(channel.chatId).toBe(`-100${w.channelId}`);
			expect(priv.entities.get(String(w.bob))?.firstName).toBe('Bob');
			expect(channel.position.box).toBe(String(w.channelId));
			expect(priv.catchUp).toBe(false);
			const state = r.state();
			expect(state.pts).toBe(c.state({ userId: w.me }).pts);
			expect(state.channels[String(w.channelId)]).toBe(c.state({ channelId: w.channelId }).pts);
		} finally {
			await r.close();
		}
	});

	it("hands out a bot's private message, and the account's updates go on after it", async () => {
		// A bot user carries its info version on the wire: a server that left it out made GramJS
		// fail to read the difference, and every later update of the account waited behind it.
		const r = await new Recorder().subscribe(w);
		try {
			const c = w.ts.control;
			const bot = c.createUser({ firstName: 'Helper', username: 'helper_bot', bot: true }).userId;
			c.pushMessage({ fromId: bot, toUserId: w.me, text: 'from a bot' });
			c.pushMessage({ fromId: w.bob, toUserId: w.me, text: 'after the bot' });
			expect(await r.waitForTexts(2)).toEqual(['from a bot', 'after the bot']);
			const fromBot = (r.events as MessageEvent[]).find((e) => e.message.message === 'from a bot');
			expect(fromBot?.entities.get(String(bot))?.bot).toBe(true);
		} finally {
			await r.close();
		}
	});

	it('hands out edits and deletions with the chat they were in', async () => {
		const r = await new Recorder().subscribe(w);
		try {
			const c = w.ts.control;
			const sent = c.pushMessage({ fromId: w.bob, toUserId: w.me, text: 'to edit' });
			await r.waitForTexts(1);
			const mine = (r.events[0] as MessageEvent).message.id as number;
			c.pushEdit({ ownerId: w.bob, id: sent.id, text: 'edited' });
			expect(await r.waitForTexts(1, 10_000, 'edited')).toEqual(['edited']);
			c.pushDelete({ userId: w.bob, ids: [sent.id], revoke: true });
			await r.waitForTexts(1, 10_000, 'deleted');
			const deleted = r.events.find((e) => e.kind === 'deleted');
			expect(deleted).toMatchObject({ chatId: String(w.bob), messageIds: [mine] });
		} finally {
			await r.close();
		}
	});

	it('two subscribers on one account share one connection and each gets every message', async () => {
		const opened = w.ts.server.sessions().filter((s) => !s.closed).length;
		const a = await new Recorder().subscribe(w);
		const b = await new Recorder().subscribe(w);
		try {
			expect(updateEngineStats()).toEqual({ accounts: 1, subscribers: 2 });
			expect(poolStats().clients).toBe(1);
			expect(w.ts.server.sessions().filter((s) => !s.closed).length).toBeLessThanOrEqual(
				opened + 1,
			);
			for (let i = 1; i <= 5; i++) {
				w.ts.control.pushMessage({ fromId: w.bob, toUserId: w.me, text: `both ${i}` });
			}
			const expected = [1, 2, 3, 4, 5].map((i) => `both ${i}`);
			expect(await a.waitForTexts(5)).toEqual(expected);
			expect(await b.waitForTexts(5)).toEqual(expected);
		} finally {
			await a.close();
			await b.close();
		}
		expect(updateEngineStats().accounts).toBe(0);
	});

	it('closing the last subscriber stops delivery, and closing twice is safe', async () => {
		const r = await new Recorder().subscribe(w);
		await r.close();
		await r.close();
		w.ts.control.pushMessage({ fromId: w.bob, toUserId: w.me, text: 'after close' });
		await sleep(300);
		expect(r.events).toEqual([]);
		expect(updateEngineStats().accounts).toBe(0);
	});
});
