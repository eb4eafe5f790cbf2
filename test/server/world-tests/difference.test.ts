// updates.getDifference / getChannelDifference through GramJS: exactly what happened while the
// client was away, in slices past the limit, "too long" past the threshold.
import { Api } from 'telegram';
import { fixtureSuite } from './fixture';

describe('getDifference over GramJS', () => {
	const f = fixtureSuite();
	let alice: { userId: number; session?: string };
	let bob: { userId: number };

	beforeAll(async () => {
		alice = f.ts.control.createAccount({
			phone: '+15552001',
			firstName: 'Alice',
			username: 'alice_away',
		});
		bob = f.ts.control.createAccount({
			phone: '+15552002',
			firstName: 'Bob',
			username: 'bob_pusher',
		});
	});

	it('returns exactly what was pushed while the client was away', async () => {
		const c1 = await f.connect({ session: alice.session });
		const state = (await c1.invoke(new Api.updates.GetState())) as Api.updates.State;
		await c1.destroy();

		const a = f.ts.control.pushMessage({ fromId: bob.userId, toUserId: alice.userId, text: 'one' });
		const b = f.ts.control.pushMessage({ fromId: bob.userId, toUserId: alice.userId, text: 'two' });
		f.ts.control.pushMessage({ fromId: bob.userId, toUserId: alice.userId, text: 'three' });
		f.ts.control.pushEdit({ ownerId: alice.userId, id: b.id, text: 'two (edited)' });
		f.ts.control.pushDelete({ userId: alice.userId, ids: [a.id] });

		const c2 = await f.connect({ session: alice.session });
		const diff = await c2.invoke(
			new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: state.qts }),
		);
		expect(diff).toBeInstanceOf(Api.updates.Difference);
		const d = diff as Api.updates.Difference;
		expect(d.newMessages.map((m) => (m as Api.Message).message)).toEqual(['two (edited)', 'three']);
		expect(d.otherUpdates.map((u) => u.className)).toEqual([
			'UpdateEditMessage',
			'UpdateDeleteMessages',
		]);
		expect((d.otherUpdates[1] as Api.UpdateDeleteMessages).messages).toEqual([a.id]);
		expect(d.state.pts).toBe(state.pts + 5);
		expect(d.users.map((u) => (u as Api.User).username)).toContain('bob_pusher');

		const again = await c2.invoke(
			new Api.updates.GetDifference({ pts: d.state.pts, date: d.state.date, qts: 0 }),
		);
		expect(again).toBeInstanceOf(Api.updates.DifferenceEmpty);
	});

	it('slices a long difference and says when it is too long', async () => {
		const c = await f.connect({ session: alice.session });
		const state = (await c.invoke(new Api.updates.GetState())) as Api.updates.State;
		f.ts.control.setDifferenceLimits({ sliceLimit: 10 });
		for (let i = 1; i <= 25; i++)
			f.ts.control.pushMessage({ fromId: bob.userId, toUserId: alice.userId, text: `n${i}` });
		const texts: string[] = [];
		const kinds: string[] = [];
		let pts = state.pts;
		for (let guard = 0; guard < 10; guard++) {
			const r = await c.invoke(new Api.updates.GetDifference({ pts, date: state.date, qts: 0 }));
			kinds.push(r.className);
			if (r instanceof Api.updates.DifferenceSlice) {
				texts.push(...r.newMessages.map((m) => (m as Api.Message).message));
				pts = r.intermediateState.pts;
			} else if (r instanceof Api.updates.Difference) {
				texts.push(...r.newMessages.map((m) => (m as Api.Message).message));
				break;
			} else break;
		}
		expect(kinds).toEqual([
			'updates.DifferenceSlice',
			'updates.DifferenceSlice',
			'updates.Difference',
		]);
		expect(texts).toEqual(Array.from({ length: 25 }, (_, i) => `n${i + 1}`));

		f.ts.control.setDifferenceLimits({ tooLong: 20 });
		const tooLong = await c.invoke(
			new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 0 }),
		);
		expect(tooLong).toBeInstanceOf(Api.updates.DifferenceTooLong);
		expect((tooLong as Api.updates.DifferenceTooLong).pts).toBe(state.pts + 25);
		f.ts.control.setDifferenceLimits({ sliceLimit: 100, tooLong: 1_000_000 });
	});

	it('returns a channel difference from the channel pts', async () => {
		const { channelId } = f.ts.control.createChannel({
			title: 'Feed',
			creatorId: bob.userId,
			username: 'feed_away',
			memberIds: [alice.userId],
		});
		const c = await f.connect({ session: alice.session });
		const input = (await c.getInputEntity('feed_away')) as Api.InputPeerChannel;
		const channel = new Api.InputChannel({
			channelId: input.channelId,
			accessHash: input.accessHash,
		});
		const full = (await c.invoke(
			new Api.channels.GetFullChannel({ channel }),
		)) as Api.messages.ChatFull;
		const pts = (full.fullChat as Api.ChannelFull).pts;
		const state = (await c.invoke(new Api.updates.GetState())) as Api.updates.State;
		for (let i = 1; i <= 5; i++)
			f.ts.control.pushMessage({ fromId: bob.userId, channelId, text: `post ${i}` });
		// The account's difference only names the channel that moved.
		const hint = (await c.invoke(
			new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 0 }),
		)) as Api.updates.Difference;
		expect(hint).toBeInstanceOf(Api.updates.Difference);
		expect(hint.newMessages).toEqual([]);
		const tooLong = hint.otherUpdates[0] as Api.UpdateChannelTooLong;
		expect(tooLong).toBeInstanceOf(Api.UpdateChannelTooLong);
		expect(String(tooLong.channelId)).toBe(String(channelId));
		const filter = new Api.ChannelMessagesFilterEmpty();
		const r = await c.invoke(
			new Api.updates.GetChannelDifference({ channel, filter, pts, limit: 3 }),
		);
		expect(r).toBeInstanceOf(Api.updates.ChannelDifference);
		const d1 = r as Api.updates.ChannelDifference;
		expect(d1.final).toBeFalsy();
		const r2 = (await c.invoke(
			new Api.updates.GetChannelDifference({ channel, filter, pts: d1.pts, limit: 3 }),
		)) as Api.updates.ChannelDifference;
		expect(r2.final).toBe(true);
		const posts = [...d1.newMessages, ...r2.newMessages].map((m) => (m as Api.Message).message);
		expect(posts).toEqual(['post 1', 'post 2', 'post 3', 'post 4', 'post 5']);
		const empty = await c.invoke(
			new Api.updates.GetChannelDifference({ channel, filter, pts: r2.pts, limit: 3 }),
		);
		expect(empty).toBeInstanceOf(Api.updates.ChannelDifferenceEmpty);
	});
});
