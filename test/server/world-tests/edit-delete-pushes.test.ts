// Edits and deletions made by the other party reach the account as Telegram pushes them, with
// pts steps that chain (pts_count = number of ids for deletions) and replay in getDifference.
import { Api } from 'telegram';
import { expectNoLeakedHandles, handleSnapshot } from '../../helpers/leaks';
import { aliceAndBob, read, stateOf } from './update-shapes';

let before: ReturnType<typeof handleSnapshot>;
beforeAll(() => {
	before = handleSnapshot();
});
afterAll(() => expectNoLeakedHandles(before));

const updatesIn = (o: ReturnType<typeof read>): object[] =>
	o instanceof Api.Updates || o instanceof Api.UpdatesCombined ? o.updates : [o];

describe('edit and delete pushes', () => {
	it('pushes a private edit and a revoke by the other party into the common box', async () => {
		const t = aliceAndBob();
		const s0 = await stateOf(t.d, t.a);
		const m1 = t.control.pushMessage({ fromId: t.bob, toUserId: t.alice, text: 'one' });
		const m2 = t.control.pushMessage({ fromId: t.bob, toUserId: t.alice, text: 'two' });
		expect(m1.recipientId).toBeDefined();
		t.a.pushed.length = 0;
		t.control.pushEdit({ ownerId: t.bob, id: m1.id, text: 'one, edited' });
		t.control.pushDelete({ userId: t.bob, ids: [m1.id, m2.id] });
		const [edit, del] = t.a.pushed.map(read).flatMap(updatesIn);
		expect(edit).toBeInstanceOf(Api.UpdateEditMessage);
		const e = edit as Api.UpdateEditMessage;
		expect([(e.message as Api.Message).id, (e.message as Api.Message).message]).toEqual([
			m1.recipientId,
			'one, edited',
		]);
		expect([e.pts, e.ptsCount]).toEqual([s0.pts + 3, 1]);
		const d = del as Api.UpdateDeleteMessages;
		expect(d).toBeInstanceOf(Api.UpdateDeleteMessages);
		expect([d.messages, d.pts, d.ptsCount]).toEqual([
			[m1.recipientId, m2.recipientId],
			s0.pts + 5,
			2,
		]);
		const diff = await t.d.call<Api.updates.Difference>(
			t.a,
			new Api.updates.GetDifference({ pts: s0.pts + 2, date: s0.date, qts: 0 }),
		);
		// The edit of a message deleted since is not replayed; the state still covers its step.
		expect(diff.otherUpdates.map((u) => u.className)).toEqual(['UpdateDeleteMessages']);
		expect(diff.state.pts).toBe(s0.pts + 5);
	});

	it('pushes channel edits and deletions with the channel pts', () => {
		const t = aliceAndBob();
		const { channelId } = t.control.createChannel({
			title: 'News',
			creatorId: t.bob,
			memberIds: [t.alice],
		});
		const p1 = t.control.pushMessage({ fromId: t.bob, channelId, text: 'a' });
		const p2 = t.control.pushMessage({ fromId: t.bob, channelId, text: 'b' });
		t.a.pushed.length = 0;
		t.control.pushEdit({ channelId, id: p1.id, text: 'a2' });
		t.control.pushDelete({ channelId, ids: [p1.id, p2.id] });
		const objs = t.a.pushed.map(read);
		expect(objs.map((o) => (o as Api.Updates).seq)).toEqual([0, 0]);
		const [edit, del] = objs.flatMap(updatesIn);
		expect(edit).toBeInstanceOf(Api.UpdateEditChannelMessage);
		expect((edit as Api.UpdateEditChannelMessage).pts).toBe(p2.pts + 1);
		const d = del as Api.UpdateDeleteChannelMessages;
		expect([String(d.channelId), d.messages, d.pts, d.ptsCount]).toEqual([
			String(channelId),
			[p1.id, p2.id],
			p2.pts + 3,
			2,
		]);
	});
});
