// Live pushes that go missing, come late, twice or out of order: every message is handed out
// exactly once, in order within its chat.
import { configureUpdates } from '../../nodes/shared/updates/index';
import type { MessageEvent } from '../../nodes/shared/updates/types';
import { sleep, waitFor } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { Recorder, startUpdatesWorld, type UpdatesWorld } from './fixture';

const LEAK_GRACE_MS = 12_000;

describe('update engine: gaps in the live stream', () => {
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

	const push = (text: string, target: 'private' | 'group' | 'channel' = 'private') => {
		const to =
			target === 'private'
				? { toUserId: w.me }
				: target === 'group'
					? { chatId: w.groupId }
					: { channelId: w.channelId };
		return w.ts.control.pushMessage({ fromId: w.bob, ...to, text });
	};

	async function withRecorder(fn: (r: Recorder) => Promise<void>): Promise<void> {
		const r = await new Recorder().subscribe(w);
		try {
			// A first message makes Bob known, so later short forms need no difference of their own.
			push('warm-up');
			await r.waitForTexts(1);
			await fn(r);
		} finally {
			await r.close();
		}
	}

	it('a dropped push is recovered from the difference, once and in order', async () => {
		await withRecorder(async (r) => {
			w.ts.control.dropPushes({ userId: w.me, count: 1 });
			push('dropped A');
			push('after B');
			expect(await r.waitForTexts(3)).toEqual(['warm-up', 'dropped A', 'after B']);
			await sleep(700);
			expect(r.texts()).toEqual(['warm-up', 'dropped A', 'after B']);
		});
	});

	it('a gap timer that fires a little early still closes the gap', async () => {
		// Node may run a timer a little before the clock reaches its deadline (mtcute 0.30.3 loses
		// such a gap for good): here every timer set meanwhile fires 3 ms early.
		const realSetTimeout = global.setTimeout;
		const early = jest
			.spyOn(global, 'setTimeout')
			.mockImplementation(((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) =>
				realSetTimeout(fn, Math.max(0, (ms ?? 0) - 3), ...args)) as typeof setTimeout);
		try {
			await withRecorder(async (r) => {
				w.ts.control.dropPushes({ userId: w.me, count: 1 });
				push('dropped early');
				push('after early');
				expect(await r.waitForTexts(3)).toEqual(['warm-up', 'dropped early', 'after early']);
			});
		} finally {
			early.mockRestore();
		}
	});

	it('a held push that arrives after the difference filled its gap is not handed out twice', async () => {
		await withRecorder(async (r) => {
			w.ts.control.holdPushes({ userId: w.me, count: 1 });
			push('held A');
			push('then B');
			expect(await r.waitForTexts(3)).toEqual(['warm-up', 'held A', 'then B']);
			expect(w.ts.control.releasePushes({ userId: w.me }).released).toBe(1);
			await sleep(700);
			expect(r.texts()).toEqual(['warm-up', 'held A', 'then B']);
		});
	});

	it('reordered pushes are put back in order', async () => {
		await withRecorder(async (r) => {
			w.ts.control.holdPushes({ userId: w.me, count: 3 });
			push('one');
			push('two');
			push('three');
			w.ts.control.releasePushes({ userId: w.me, order: 'reverse' });
			expect(await r.waitForTexts(4)).toEqual(['warm-up', 'one', 'two', 'three']);
		});
	});

	it('a duplicated push is handed out once', async () => {
		await withRecorder(async (r) => {
			w.ts.control.duplicatePushes({ userId: w.me, count: 2 });
			push('twice 1');
			push('twice 2');
			await r.waitForTexts(3);
			await sleep(300);
			expect(r.texts()).toEqual(['warm-up', 'twice 1', 'twice 2']);
		});
	});

	it('held pushes released as one updatesCombined are applied once', async () => {
		await withRecorder(async (r) => {
			w.ts.control.holdPushes({ userId: w.me, count: 2 });
			push('combined 1', 'group');
			push('combined 2');
			w.ts.control.releasePushes({ userId: w.me, combined: true });
			expect(await r.waitForTexts(3)).toEqual(['warm-up', 'combined 1', 'combined 2']);
		});
	});

	it('updatesTooLong makes the engine fetch what it missed', async () => {
		await withRecorder(async (r) => {
			w.ts.control.dropPushes({ userId: w.me, count: 2 });
			push('lost 1');
			push('lost 2');
			w.ts.control.pushTooLong({ userId: w.me });
			expect(await r.waitForTexts(3)).toEqual(['warm-up', 'lost 1', 'lost 2']);
		});
	});

	it('a gap in a channel is filled from the channel difference', async () => {
		await withRecorder(async (r) => {
			push('c0', 'channel');
			await r.waitForTexts(2);
			w.ts.control.dropPushes({ userId: w.me, count: 1 });
			push('c1', 'channel');
			push('c2', 'channel');
			expect(await r.waitForTexts(4)).toEqual(['warm-up', 'c0', 'c1', 'c2']);
			const last = r.events[r.events.length - 1] as MessageEvent;
			expect(last.chatId).toBe(`-100${w.channelId}`);
			expect(r.state().channels[String(w.channelId)]).toBe(
				w.ts.control.state({ channelId: w.channelId }).pts,
			);
		});
	});

	it('a lost push with nothing after it is found by the quiet-time getState check', async () => {
		configureUpdates({ idleMs: 1000 });
		try {
			await withRecorder(async (r) => {
				w.ts.control.dropPushes({ userId: w.me, count: 1 });
				push('the last one, lost');
				expect(await r.waitForTexts(2, 10_000)).toEqual(['warm-up', 'the last one, lost']);
				expect(r.events[1].catchUp).toBe(true);
			});
		} finally {
			configureUpdates({ idleMs: 15 * 60_000 });
		}
	});

	it('a short form from a sender the client never saw comes with the sender', async () => {
		const r = await new Recorder().subscribe(w);
		try {
			const carol = w.ts.control.createUser({ firstName: 'Carol' }).userId;
			w.ts.control.pushMessage({ fromId: carol, toUserId: w.me, text: 'from a stranger' });
			expect(await r.waitForTexts(1)).toEqual(['from a stranger']);
			const event = r.events[0] as MessageEvent;
			expect(event.chatId).toBe(String(carol));
			expect(event.entities.get(String(carol))?.firstName).toBe('Carol');
		} finally {
			await r.close();
		}
	});

	it('after the connection drops, what was pushed meanwhile is caught up', async () => {
		await withRecorder(async (r) => {
			w.ts.control.refuseReconnects({ userId: w.me, seconds: 2, drop: true });
			push('while down 1');
			push('while down 2', 'channel');
			await waitFor(() => r.texts().length >= 3, 20_000, 'messages pushed while down');
			expect(r.texts()).toEqual(['warm-up', 'while down 1', 'while down 2']);
			expect(r.fatal).toBeUndefined();
		});
	});

	it('a connection held down past GramJS own retries is replaced, then caught up', async () => {
		configureUpdates({ downMs: 2000 });
		try {
			await withRecorder(async (r) => {
				w.ts.control.refuseReconnects({ userId: w.me, seconds: 8, drop: true });
				push('held down 1');
				push('held down 2', 'group');
				push('held down 3', 'channel');
				await waitFor(() => r.texts().length >= 4, 40_000, 'messages pushed while held down');
				await sleep(500);
				expect(r.texts()).toEqual(['warm-up', 'held down 1', 'held down 2', 'held down 3']);
				expect(r.fatal).toBeUndefined();
			});
		} finally {
			configureUpdates({ downMs: 30_000 });
		}
	}, 60_000);
});
