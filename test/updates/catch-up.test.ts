// A subscriber that comes back with its saved position gets what happened meanwhile, once, in
// order; past differenceTooLong / channelDifferenceTooLong it gets the recent history instead.
import type { MessageEvent } from '../../nodes/shared/updates/types';
import { sleep, waitFor } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { Recorder, startUpdatesWorld, type UpdatesWorld } from './fixture';

const LEAK_GRACE_MS = 12_000;

describe('update engine: catch-up from a saved position', () => {
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

	afterEach(() => {
		w.ts.control.setDifferenceLimits({ tooLong: 5000, channelTooLong: 5000 });
	});

	const push = (text: string, to: 'private' | 'group' | 'channel') =>
		w.ts.control.pushMessage({
			fromId: w.bob,
			text,
			...(to === 'private'
				? { toUserId: w.me }
				: to === 'group'
					? { chatId: w.groupId }
					: { channelId: w.channelId }),
		});

	/** Runs a subscriber until it got `text`, closes it, and returns its saved position. */
	async function savedAfter(text: string) {
		const r = await new Recorder().subscribe(w);
		push(text, 'channel');
		await r.waitForTexts(1);
		const state = r.state();
		await r.close();
		return state;
	}

	it('messages pushed while nobody listened are handed out once, in order, marked catch-up', async () => {
		const saved = await savedAfter('before downtime');
		for (let i = 1; i <= 3; i++) {
			push(`private ${i}`, 'private');
			push(`group ${i}`, 'group');
			push(`channel ${i}`, 'channel');
		}
		const r = await new Recorder().subscribe(w, { from: saved });
		try {
			await r.waitForTexts(9);
			push('live after', 'private');
			await r.waitForTexts(10);
			await sleep(500);
			const texts = r.texts();
			expect(texts).toHaveLength(10);
			expect(texts.filter((t) => t.startsWith('private'))).toEqual([
				'private 1',
				'private 2',
				'private 3',
			]);
			expect(texts.filter((t) => t.startsWith('group'))).toEqual(['group 1', 'group 2', 'group 3']);
			expect(texts.filter((t) => t.startsWith('channel'))).toEqual([
				'channel 1',
				'channel 2',
				'channel 3',
			]);
			expect(texts[9]).toBe('live after');
			const events = r.events as MessageEvent[];
			expect(events.slice(0, 9).every((e) => e.catchUp)).toBe(true);
			expect(events[9].catchUp).toBe(false);
			// While it handles each batch, state() already covers that batch's events.
			r.batches.forEach((batch, i) => {
				for (const e of batch) {
					const saved = r.statesSeen[i];
					const at = e.position.box === 'common' ? saved.pts : saved.channels[e.position.box];
					expect(at).toBeGreaterThanOrEqual(e.position.pts);
				}
			});
			expect(r.state().pts).toBe(w.ts.control.state({ userId: w.me }).pts);
			expect(r.state().channels[String(w.channelId)]).toBe(
				w.ts.control.state({ channelId: w.channelId }).pts,
			);
		} finally {
			await r.close();
		}
	});

	it('a second subscriber catching up does not disturb the first one, and each gets it once', async () => {
		const saved = await savedAfter('before second');
		const live = await new Recorder().subscribe(w);
		try {
			push('missed by the second', 'private');
			await live.waitForTexts(1);
			const late = await new Recorder().subscribe(w, { from: saved });
			try {
				push('both see this', 'group');
				expect(await late.waitForTexts(2)).toEqual(['missed by the second', 'both see this']);
				expect(await live.waitForTexts(2)).toEqual(['missed by the second', 'both see this']);
				await sleep(500);
				expect(late.texts()).toHaveLength(2);
				expect(live.texts()).toHaveLength(2);
			} finally {
				await late.close();
			}
		} finally {
			await live.close();
		}
	});

	it('past differenceTooLong, the recent history of each dialog stands in, once', async () => {
		const saved = await savedAfter('before too long');
		w.ts.control.setDifferenceLimits({ tooLong: 5 });
		for (let i = 1; i <= 8; i++) push(`long ${i}`, i % 2 ? 'private' : 'group');
		const r = await new Recorder().subscribe(w, { from: saved });
		try {
			await r.waitForTexts(8);
			await sleep(500);
			const texts = r.texts();
			// Private and group messages share the account box, whose ids give their order.
			expect(texts).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `long ${i}`));
			const log = w.ts.control.rpcLog({ method: 'messages.GetHistory', userId: w.me });
			expect(log.length).toBeGreaterThan(0);
		} finally {
			await r.close();
		}
	});

	it('past channelDifferenceTooLong, the channel recent messages stand in, once', async () => {
		const saved = await savedAfter('before channel too long');
		w.ts.control.setDifferenceLimits({ channelTooLong: 3 });
		for (let i = 1; i <= 6; i++) push(`ch long ${i}`, 'channel');
		const r = await new Recorder().subscribe(w, { from: saved });
		try {
			await r.waitForTexts(6);
			await sleep(500);
			expect(r.texts()).toEqual([1, 2, 3, 4, 5, 6].map((i) => `ch long ${i}`));
		} finally {
			await r.close();
		}
	});

	it('notBefore leaves older missed messages out', async () => {
		const saved = await savedAfter('before notBefore');
		push('too old', 'private');
		// notBefore is a whole second: wait until the clock is past the old message's second.
		const oldSecond = Math.floor(Date.now() / 1000);
		await waitFor(() => Math.floor(Date.now() / 1000) > oldSecond, 2000, 'next second');
		const r = await new Recorder().subscribe(w, { from: saved, notBefore: oldSecond + 1 });
		try {
			push('recent one', 'private');
			expect(await r.waitForTexts(1)).toEqual(['recent one']);
			await sleep(300);
			expect(r.texts()).toEqual(['recent one']);
		} finally {
			await r.close();
		}
	});
});
