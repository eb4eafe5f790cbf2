// Seeded history takes pts steps like real sends: a client whose state predates the seeding gets
// the seeded messages back from updates.getDifference (catch-up from a seeded world is not empty).
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { expectNoLeakedHandles, handleSnapshot } from '../../helpers/leaks';
import { MemoryAuthKeyStore } from '../core/index';
import type { MtprotoServer } from '../core/types';
import { Control } from '../control/control';
import { directWorld } from './direct';

let before: ReturnType<typeof handleSnapshot>;
beforeAll(() => {
	before = handleSnapshot();
});
afterAll(() => expectNoLeakedHandles(before));

function setUp() {
	const d = directWorld();
	const control = new Control(d.w, {} as MtprotoServer, new MemoryAuthKeyStore());
	const alice = d.w.addUser({ firstName: 'Alice' }).id;
	const bob = d.w.addUser({ firstName: 'Bob' }).id;
	return { d, control, alice, bob, a: d.session(alice) };
}

describe('seeded history', () => {
	it('moves the account pts, so getDifference from an older state replays it', async () => {
		const { d, control, alice, bob, a } = setUp();
		const state = await d.call<Api.updates.State>(a, new Api.updates.GetState());
		control.seedMessages({ between: [alice, bob], count: 7, text: 'old {i}' });
		const after = await d.call<Api.updates.State>(a, new Api.updates.GetState());
		expect(after.pts).toBe(state.pts + 7);
		expect(control.updateState({ userId: alice }).pts).toBe(after.pts);
		const diff = await d.call<Api.updates.Difference>(
			a,
			new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 0 }),
		);
		expect(diff).toBeInstanceOf(Api.updates.Difference);
		expect(diff.newMessages.map((m) => (m as Api.Message).message)).toEqual(
			Array.from({ length: 7 }, (_, i) => `old ${i + 1}`),
		);
		// Seeding pushes nothing: it is history, not live traffic.
		expect(a.pushed).toEqual([]);
	});

	it('moves a channel pts and a group member box pts', async () => {
		const { d, control, alice, bob, a } = setUp();
		const { channelId } = control.createChannel({ title: 'C', creatorId: bob, memberIds: [alice] });
		const { chatId } = control.createGroup({ title: 'G', creatorId: bob, memberIds: [alice] });
		const chPts = d.w.channels.get(channelId)!.pts;
		const boxPts = d.w.box(alice).pts;
		control.seedMessages({ channelId, count: 5 });
		control.seedMessages({ chatId, count: 3 });
		expect(control.updateState({ userId: alice }).channels).toContainEqual({
			channelId,
			pts: chPts + 5,
		});
		expect(d.w.box(alice).pts).toBe(boxPts + 3);
		const hash = d.w.hashes.of(alice, 'channel', channelId);
		const channel = new Api.InputChannel({
			channelId: bigInt(channelId),
			accessHash: bigInt(hash),
		});
		const r = await d.call<Api.updates.ChannelDifference>(
			a,
			new Api.updates.GetChannelDifference({
				channel,
				filter: new Api.ChannelMessagesFilterEmpty(),
				pts: chPts,
				limit: 100,
			}),
		);
		expect(r).toBeInstanceOf(Api.updates.ChannelDifference);
		expect(r.newMessages).toHaveLength(5);
		expect(r.pts).toBe(chPts + 5);
	});
});
