// Deterministic gaps from the control API: held, reordered, dropped and duplicated pushes, and
// updatesTooLong. What a client misses live is always in getDifference.
import { Api } from 'telegram';
import { expectNoLeakedHandles, handleSnapshot } from '../../helpers/leaks';
import { aliceAndBob, kinds, ptsOf, read, stateOf } from './update-shapes';

let before: ReturnType<typeof handleSnapshot>;
beforeAll(() => {
	before = handleSnapshot();
});
afterAll(() => expectNoLeakedHandles(before));

describe('gap controls', () => {
	it('holds pushes back and releases them in another order', async () => {
		const { d, control, alice, bob, a } = aliceAndBob();
		const s0 = await stateOf(d, a);
		control.holdPushes({ userId: alice, count: 2 });
		for (const t of ['one', 'two', 'three'])
			control.pushMessage({ fromId: bob, toUserId: alice, text: t });
		expect(ptsOf(a.pushed)).toEqual([s0.pts + 3]);
		expect(control.updateState({ userId: alice })).toMatchObject({ pts: s0.pts + 3, held: 2 });
		// The held ones are in the difference already: that is how a client closes the gap.
		const diff = await d.call<Api.updates.Difference>(
			a,
			new Api.updates.GetDifference({ pts: s0.pts, date: s0.date, qts: 0 }),
		);
		expect(diff.newMessages.map((m) => (m as Api.Message).message)).toEqual([
			'one',
			'two',
			'three',
		]);
		expect(control.releasePushes({ userId: alice, order: 'reverse' })).toEqual({ released: 2 });
		expect(ptsOf(a.pushed)).toEqual([s0.pts + 3, s0.pts + 2, s0.pts + 1]);
		expect(control.updateState({ userId: alice }).held).toBe(0);
	});

	it('drops one push and duplicates another', () => {
		const { control, alice, bob, a } = aliceAndBob();
		const p0 = control.updateState({ userId: alice }).pts;
		control.dropPushes({ userId: alice });
		control.pushMessage({ fromId: bob, toUserId: alice, text: 'lost live' });
		control.duplicatePushes({ userId: alice });
		control.pushMessage({ fromId: bob, toUserId: alice, text: 'twice' });
		control.pushMessage({ fromId: bob, toUserId: alice, text: 'once' });
		expect(ptsOf(a.pushed)).toEqual([p0 + 2, p0 + 2, p0 + 3]);
	});

	it('releases held pushes as one updatesCombined with seq_start..seq', () => {
		const { control, alice, bob, a } = aliceAndBob();
		const first = control.pushMessage({ fromId: bob, toUserId: alice, text: 'x' });
		const seq0 = control.updateState({ userId: alice }).seq;
		control.holdPushes({ userId: alice, count: 3 });
		control.pushEdit({ ownerId: bob, id: first.id, text: 'x1' });
		control.pushMessage({ fromId: bob, toUserId: alice, text: 'short' });
		control.pushEdit({ ownerId: bob, id: first.id, text: 'x2' });
		a.pushed.length = 0;
		control.releasePushes({ userId: alice, combined: true });
		expect(a.pushed).toHaveLength(1);
		const c = read(a.pushed[0]) as Api.UpdatesCombined;
		expect(c).toBeInstanceOf(Api.UpdatesCombined);
		expect(c.updates.map((u) => u.className)).toEqual([
			'UpdateEditMessage',
			'UpdateNewMessage',
			'UpdateEditMessage',
		]);
		expect([c.seqStart, c.seq]).toEqual([seq0 + 1, seq0 + 2]);
		expect(control.updateState({ userId: alice }).seq).toBe(seq0 + 2);
	});

	it('sends updatesTooLong on demand', () => {
		const { control, alice, a } = aliceAndBob();
		control.pushTooLong({ userId: alice });
		expect(kinds(a.pushed)).toEqual(['UpdatesTooLong']);
	});

	it('counts only pushes someone would receive', () => {
		const { d, control, alice, bob, a } = aliceAndBob();
		control.holdPushes({ userId: alice, count: 1 });
		d.sessions.splice(d.sessions.indexOf(a), 1);
		control.pushMessage({ fromId: bob, toUserId: alice, text: 'nobody home' });
		d.sessions.push(a);
		control.pushMessage({ fromId: bob, toUserId: alice, text: 'held' });
		expect(a.pushed).toEqual([]);
		expect(control.updateState({ userId: alice }).held).toBe(1);
	});
});
