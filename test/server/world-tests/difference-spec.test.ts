// updates.getDifference / getChannelDifference as core.telegram.org/api/updates describes them:
// pts_total_limit bounds "too long", slices carry the state reached, channel hints are not
// repeated from a state the server just returned, channel differences honour the 100 limit.
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { expectNoLeakedHandles, handleSnapshot } from '../../helpers/leaks';
import { aliceAndBob, stateOf } from './update-shapes';

let before: ReturnType<typeof handleSnapshot>;
beforeAll(() => {
	before = handleSnapshot();
});
afterAll(() => expectNoLeakedHandles(before));

type Setup = ReturnType<typeof aliceAndBob>;
const texts = (msgs: Api.TypeMessage[]) => msgs.map((m) => (m as Api.Message).message);

function diff(t: Setup, s: { pts: number; date: number }, ptsTotalLimit?: number) {
	const req = new Api.updates.GetDifference({ pts: s.pts, date: s.date, qts: 0, ptsTotalLimit });
	return t.d.call<Api.updates.TypeDifference>(t.a, req);
}

function channelOf(t: Setup, channelId: number) {
	const hash = t.d.w.hashes.of(t.alice, 'channel', channelId);
	return new Api.InputChannel({ channelId: bigInt(channelId), accessHash: bigInt(hash) });
}

describe('getDifference per spec', () => {
	it('answers differenceTooLong only when pts + pts_total_limit < remote pts', async () => {
		const t = aliceAndBob();
		const s0 = await stateOf(t.d, t.a);
		for (let i = 1; i <= 30; i++)
			t.control.pushMessage({ fromId: t.bob, toUserId: t.alice, text: `m${i}` });
		const whole = await diff(t, s0, 50);
		expect(whole).toBeInstanceOf(Api.updates.Difference);
		expect((whole as Api.updates.Difference).newMessages).toHaveLength(30);
		const tooLong = await diff(t, s0, 29);
		expect(tooLong).toBeInstanceOf(Api.updates.DifferenceTooLong);
		expect((tooLong as Api.updates.DifferenceTooLong).pts).toBe(s0.pts + 30);
	});

	it('slices a 10,000-message gap instead of calling it too long (no pts_total_limit)', async () => {
		const t = aliceAndBob();
		const s0 = await stateOf(t.d, t.a);
		t.control.seedMessages({ between: [t.bob, t.alice], fromIds: [t.bob], count: 10_000 });
		let at: { pts: number; date: number } = s0;
		let count = 0;
		let slices = 0;
		for (let guard = 0; guard < 200; guard++) {
			const r = await diff(t, at);
			if (r instanceof Api.updates.DifferenceSlice) {
				count += r.newMessages.length;
				slices++;
				at = r.intermediateState;
			} else {
				expect(r).toBeInstanceOf(Api.updates.Difference);
				count += (r as Api.updates.Difference).newMessages.length;
				break;
			}
		}
		expect([count, slices]).toEqual([10_000, 99]);
	});

	it('slices with the state reached after each slice', async () => {
		const t = aliceAndBob();
		t.control.setDifferenceLimits({ sliceLimit: 10 });
		const s0 = await stateOf(t.d, t.a);
		for (let i = 1; i <= 25; i++)
			t.control.pushMessage({
				fromId: t.bob,
				toUserId: t.alice,
				// Media pushes go out as `updates` with seq: the slices' seq follows them.
				media: i % 5 === 0 ? { kind: 'photo', size: 16 } : undefined,
				text: `s${i}`,
			});
		const got: string[] = [];
		const states: Array<[number, number]> = [];
		let at: { pts: number; date: number } = s0;
		for (let guard = 0; guard < 5; guard++) {
			const r = await diff(t, at);
			if (r instanceof Api.updates.DifferenceSlice) {
				got.push(...texts(r.newMessages));
				states.push([r.intermediateState.pts, r.intermediateState.seq]);
				at = r.intermediateState;
			} else {
				got.push(...texts((r as Api.updates.Difference).newMessages));
				states.push([
					(r as Api.updates.Difference).state.pts,
					(r as Api.updates.Difference).state.seq,
				]);
				break;
			}
		}
		expect(got).toEqual(Array.from({ length: 25 }, (_, i) => `s${i + 1}`));
		// seq is the account's seq before each slice's last step (5 media pushes in all).
		expect(states).toEqual([
			[s0.pts + 10, s0.seq + 1],
			[s0.pts + 20, s0.seq + 3],
			[s0.pts + 25, s0.seq + 5],
		]);
	});

	it('hints a moved channel once: not again from the state it just returned', async () => {
		const t = aliceAndBob();
		const { channelId } = t.control.createChannel({
			title: 'Feed',
			creatorId: t.bob,
			memberIds: [t.alice],
		});
		const s0 = await stateOf(t.d, t.a);
		t.control.pushMessage({ fromId: t.bob, channelId, text: 'post 1' });
		const first = (await diff(t, s0)) as Api.updates.Difference;
		expect(first.otherUpdates.map((u) => u.className)).toEqual(['UpdateChannelTooLong']);
		expect(await diff(t, first.state)).toBeInstanceOf(Api.updates.DifferenceEmpty);
		t.control.pushMessage({ fromId: t.bob, channelId, text: 'post 2' });
		const again = (await diff(t, first.state)) as Api.updates.Difference;
		expect(again.otherUpdates).toHaveLength(1);
		expect((again.otherUpdates[0] as Api.UpdateChannelTooLong).pts).toBe(
			t.control.state({ channelId }).pts,
		);
	});

	it('caps a channel difference at 100 messages and says too long past the threshold', async () => {
		const t = aliceAndBob();
		const { channelId } = t.control.createChannel({
			title: 'Busy',
			creatorId: t.bob,
			memberIds: [t.alice],
		});
		const pts0 = t.control.state({ channelId }).pts;
		t.control.seedMessages({ channelId, count: 150, text: 'p{i}' });
		const channel = channelOf(t, channelId);
		const filter = new Api.ChannelMessagesFilterEmpty();
		const r = await t.d.call<Api.updates.ChannelDifference>(
			t.a,
			new Api.updates.GetChannelDifference({ channel, filter, pts: pts0, limit: 1000 }),
		);
		expect(r).toBeInstanceOf(Api.updates.ChannelDifference);
		expect(r.newMessages).toHaveLength(100);
		expect([r.final, r.pts, r.timeout]).toEqual([false, pts0 + 100, 30]);
		t.control.setDifferenceLimits({ channelTooLong: 120 });
		const tl = await t.d.call<Api.updates.ChannelDifferenceTooLong>(
			t.a,
			new Api.updates.GetChannelDifference({ channel, filter, pts: pts0, limit: 20 }),
		);
		expect(tl).toBeInstanceOf(Api.updates.ChannelDifferenceTooLong);
		expect([tl.final, tl.timeout, (tl.dialog as Api.Dialog).pts]).toEqual([true, 30, pts0 + 150]);
		expect(texts(tl.messages)).toEqual(Array.from({ length: 20 }, (_, i) => `p${150 - i}`));
	});
});
