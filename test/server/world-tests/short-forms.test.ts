// The shapes Telegram pushes: updateShortMessage / updateShortChatMessage for plain private and
// group texts (no sender object), `updates` with the account's next seq for the rest of the
// common box, seq 0 for channel updates; getState / getDifference report the same seq.
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { expectNoLeakedHandles, handleSnapshot } from '../../helpers/leaks';
import { aliceAndBob, kinds, read, stateOf } from './update-shapes';

let before: ReturnType<typeof handleSnapshot>;
beforeAll(() => {
	before = handleSnapshot();
});
afterAll(() => expectNoLeakedHandles(before));

describe('short forms and seq', () => {
	it('pushes a plain private text as updateShortMessage without the sender', async () => {
		const { d, control, alice, bob, a } = aliceAndBob();
		const b = d.session(bob);
		const s0 = await stateOf(d, a);
		const sent = control.pushMessage({ fromId: bob, toUserId: alice, text: 'hello' });
		const u = read(a.pushed[0]) as Api.UpdateShortMessage;
		expect(u).toBeInstanceOf(Api.UpdateShortMessage);
		expect([u.out, u.message, String(u.userId), u.pts, u.ptsCount]).toEqual([
			false,
			'hello',
			String(bob),
			s0.pts + 1,
			1,
		]);
		// The sender's own sessions get the outgoing short form, naming the other party.
		const own = read(b.pushed[0]) as Api.UpdateShortMessage;
		expect([own.out, own.id, String(own.userId)]).toEqual([true, sent.id, String(alice)]);
		// No seq moved: short forms carry none.
		expect((await stateOf(d, a)).seq).toBe(s0.seq);
	});

	it('pushes a plain group text as updateShortChatMessage', () => {
		const { control, alice, bob, a } = aliceAndBob();
		const { chatId } = control.createGroup({ title: 'G', creatorId: bob, memberIds: [alice] });
		control.pushMessage({ fromId: bob, chatId, text: 'to all' });
		const u = read(a.pushed[0]) as Api.UpdateShortChatMessage;
		expect(u).toBeInstanceOf(Api.UpdateShortChatMessage);
		expect([String(u.fromId), String(u.chatId), u.message]).toEqual([
			String(bob),
			String(chatId),
			'to all',
		]);
	});

	it('numbers other common-box pushes with seq, and channel pushes with seq 0', async () => {
		const { d, control, alice, bob, a } = aliceAndBob();
		const { channelId } = control.createChannel({ title: 'C', creatorId: bob, memberIds: [alice] });
		const s0 = await stateOf(d, a);
		control.pushMessage({ fromId: bob, toUserId: alice, media: { kind: 'photo', size: 64 } });
		const m = control.pushMessage({ fromId: bob, toUserId: alice, text: 'to edit' });
		control.pushEdit({ ownerId: bob, id: m.id, text: 'edited' });
		control.pushMessage({ fromId: bob, channelId, text: 'post' });
		expect(kinds(a.pushed)).toEqual(['Updates', 'UpdateShortMessage', 'Updates', 'Updates']);
		const seqs = a.pushed.map(read).map((o) => (o instanceof Api.Updates ? o.seq : undefined));
		expect(seqs).toEqual([s0.seq + 1, undefined, s0.seq + 2, 0]);
		const s1 = await stateOf(d, a);
		expect(s1.seq).toBe(s0.seq + 2);
		const diff = await d.call<Api.updates.Difference>(
			a,
			new Api.updates.GetDifference({ pts: s0.pts, date: s0.date, qts: 0 }),
		);
		expect(diff.state.seq).toBe(s1.seq);
	});

	it('answers the sender updateShortSentMessage and does not move its seq', async () => {
		const { d, alice, inputBob, a } = aliceAndBob();
		const a2 = d.session(alice);
		const s0 = await stateOf(d, a);
		const r = await d.call(
			a,
			new Api.messages.SendMessage({ peer: inputBob, message: 'yo', randomId: bigInt(7) }),
		);
		expect(r).toBeInstanceOf(Api.UpdateShortSentMessage);
		expect(kinds(a2.pushed)).toEqual(['UpdateShortMessage']);
		expect((await stateOf(d, a)).seq).toBe(s0.seq);
	});
});
