// The difference loops against a scripted feed: every slice is read, channel differences go on
// until final with a limit of 100, TooLong answers fall back to recent history.
import { Api } from 'telegram';
import bigInt from 'big-integer';

import type { TelegramAccountClient } from '../../nodes/shared/transport/client';
import { updateFeedOf } from '../../nodes/shared/transport/client';
import type { Tl } from '../../nodes/shared/transport/serialize';
import {
	CHANNEL_DIFF_LIMIT,
	channelDifference,
	commonDifference,
	type CommonPosition,
	type DiffTarget,
} from '../../nodes/shared/updates/difference';
import { EntityStore } from '../../nodes/shared/updates/entities';
import type { UpdateFeed } from '../../nodes/shared/updates/feed';
import type { Delivery } from '../../nodes/shared/updates/subscriber';
import type { UpdateState } from '../../nodes/shared/updates/types';

const tl = (o: unknown) => o as Tl;
const factory = updateFeedOf({} as TelegramAccountClient);
const bob = new Api.User({ id: bigInt(2000), firstName: 'Bob', accessHash: bigInt(1) });
const channel = new Api.Channel({
	id: bigInt(777),
	title: 'News',
	accessHash: bigInt(5),
	photo: new Api.ChatPhotoEmpty(),
	date: 1,
});
const toBob = new Api.PeerUser({ userId: bigInt(2000) });
const inChannel = new Api.PeerChannel({ channelId: bigInt(777) });
const msg = (id: number, peer: Api.TypePeer, date = 1700000000 + id) =>
	new Api.Message({ id, peerId: peer, fromId: toBob, date, message: `m${id}` });
const state = (pts: number, date = 1700000100) =>
	new Api.updates.State({ pts, qts: 0, date, seq: 1, unreadCount: 0 });

/** A feed that answers each request from a script, and records what was asked. */
function scripted(answers: Partial<Record<keyof UpdateFeed, unknown[]>>) {
	const calls: Array<[string, unknown[]]> = [];
	const next =
		(name: keyof UpdateFeed) =>
		async (...args: unknown[]) => {
			calls.push([name, args]);
			const queue = answers[name] ?? [];
			if (!queue.length) throw new Error(`unexpected ${name}`);
			return tl(queue.shift());
		};
	const feed = {
		...factory,
		listen: () => () => undefined,
		getSelf: next('getSelf'),
		getState: next('getState'),
		getDifference: next('getDifference'),
		getChannelDifference: next('getChannelDifference'),
		getDialogs: next('getDialogs'),
		getHistory: next('getHistory'),
	} as UpdateFeed;
	return { feed, calls };
}

function target(start: UpdateState, floor = 0) {
	const store = new EntityStore();
	store.add([tl(bob), tl(channel)]);
	const batches: Delivery[][] = [];
	const positions: CommonPosition[] = [];
	const t: DiffTarget & { batches: Delivery[][]; positions: CommonPosition[] } = {
		state: start,
		floor,
		store,
		batches,
		positions,
		commit(batch, common, ch) {
			batches.push(batch);
			if (common) {
				positions.push(common);
				Object.assign(start, common);
			}
			if (ch) start.channels[ch.id] = ch.pts;
		},
	};
	return t;
}

const texts = (t: { batches: Delivery[][] }) =>
	t.batches.flat().map((d) => (d.event.kind === 'deleted' ? 'deleted' : d.event.message.message));

describe('difference loops', () => {
	it('reads every slice until the final difference, moving the position each time', async () => {
		const { feed, calls } = scripted({
			getDifference: [
				new Api.updates.DifferenceSlice({
					newMessages: [msg(1, toBob), msg(2, toBob)],
					newEncryptedMessages: [],
					otherUpdates: [],
					users: [bob],
					chats: [],
					intermediateState: state(12),
				}),
				new Api.updates.Difference({
					newMessages: [msg(3, toBob)],
					newEncryptedMessages: [],
					otherUpdates: [
						new Api.UpdateDeleteMessages({ messages: [1], pts: 14, ptsCount: 1 }),
						new Api.UpdateChannelTooLong({ channelId: bigInt(777), pts: 40 }),
					],
					users: [],
					chats: [],
					state: state(14),
				}),
			],
		});
		const t = target({ pts: 10, qts: 0, seq: 0, date: 1, channels: {} });
		const hints = await commonDifference(feed, t);
		expect(texts(t)).toEqual(['m1', 'm2', 'm3', 'deleted']);
		expect(t.positions.map((p) => p.pts)).toEqual([12, 14]);
		expect(calls.map(([, args]) => (args[0] as { pts: number }).pts)).toEqual([10, 12]);
		expect([...hints.keys()]).toEqual(['777']);
		const deleted = t.batches.flat()[3].event;
		expect(deleted).toMatchObject({ kind: 'deleted', chatId: '2000', messageIds: [1] });
	});

	it('differenceTooLong: recent history per dialog since the floor, then the rest from the new pts', async () => {
		const { feed, calls } = scripted({
			getDifference: [
				new Api.updates.DifferenceTooLong({ pts: 500 }),
				new Api.updates.DifferenceEmpty({ date: 1700000200, seq: 3 }),
			],
			getDialogs: [
				new Api.messages.Dialogs({
					dialogs: [
						new Api.Dialog({
							peer: toBob,
							topMessage: 9,
							readInboxMaxId: 0,
							readOutboxMaxId: 0,
							unreadCount: 0,
							unreadMentionsCount: 0,
							unreadReactionsCount: 0,
							notifySettings: new Api.PeerNotifySettings({}),
						}),
					],
					messages: [msg(9, toBob)],
					chats: [],
					users: [bob],
				}),
			],
			getHistory: [
				new Api.messages.Messages({
					messages: [msg(9, toBob), msg(8, toBob), msg(7, toBob, 1600000000)],
					chats: [],
					users: [bob],
				}),
			],
		});
		const t = target({ pts: 10, qts: 0, seq: 0, date: 1700000005, channels: {} }, 1700000005);
		await commonDifference(feed, t);
		// m7 is older than the floor: it was seen before the gap.
		expect(texts(t)).toEqual(['m8', 'm9']);
		expect(t.state.pts).toBe(500);
		expect(calls.map(([name]) => name)).toEqual([
			'getDifference',
			'getDialogs',
			'getHistory',
			'getDifference',
		]);
		expect((calls[3][1][0] as { pts: number }).pts).toBe(500);
	});

	it('the highest id handed out is exact where the date floor would repeat a second', async () => {
		const same = 1700000050;
		const { feed } = scripted({
			getDifference: [
				new Api.updates.DifferenceTooLong({ pts: 600 }),
				new Api.updates.DifferenceEmpty({ date: same, seq: 3 }),
			],
			getDialogs: [
				new Api.messages.Dialogs({
					dialogs: [
						new Api.Dialog({
							peer: toBob,
							topMessage: 21,
							readInboxMaxId: 0,
							readOutboxMaxId: 0,
							unreadCount: 0,
							unreadMentionsCount: 0,
							unreadReactionsCount: 0,
							notifySettings: new Api.PeerNotifySettings({}),
						}),
					],
					messages: [msg(21, toBob, same)],
					chats: [],
					users: [bob],
				}),
			],
			getHistory: [
				new Api.messages.Messages({
					messages: [msg(21, toBob, same), msg(20, toBob, same)],
					chats: [],
					users: [],
				}),
			],
		});
		const t = target(
			{ pts: 10, qts: 0, seq: 0, date: same, channels: {}, maxIds: { common: 20 } },
			same,
		);
		await commonDifference(feed, t);
		expect(texts(t)).toEqual(['m21']);
	});

	it('a channel difference asks 100 at a time and goes on until final', async () => {
		const { feed, calls } = scripted({
			getChannelDifference: [
				new Api.updates.ChannelDifference({
					final: false,
					pts: 45,
					newMessages: [msg(11, inChannel)],
					otherUpdates: [],
					chats: [channel],
					users: [],
				}),
				new Api.updates.ChannelDifference({
					final: true,
					pts: 46,
					newMessages: [msg(12, inChannel)],
					otherUpdates: [
						new Api.UpdateDeleteChannelMessages({
							channelId: bigInt(777),
							messages: [11],
							pts: 46,
							ptsCount: 1,
						}),
					],
					chats: [],
					users: [],
				}),
			],
		});
		const t = target({ pts: 10, qts: 0, seq: 0, date: 1, channels: { '777': 40 } });
		await channelDifference(feed, t, '777');
		expect(texts(t)).toEqual(['m11', 'm12', 'deleted']);
		expect(calls.map(([, args]) => [args[1], args[2]])).toEqual([
			[40, CHANNEL_DIFF_LIMIT],
			[45, CHANNEL_DIFF_LIMIT],
		]);
		expect(t.state.channels['777']).toBe(46);
		expect(t.batches.flat()[2].event.chatId).toBe('-100777');
	});

	it('channelDifferenceTooLong: the channel jumps to the dialog pts, recent messages stand in', async () => {
		const { feed } = scripted({
			getChannelDifference: [
				new Api.updates.ChannelDifferenceTooLong({
					final: true,
					dialog: new Api.Dialog({
						peer: inChannel,
						topMessage: 90,
						readInboxMaxId: 0,
						readOutboxMaxId: 0,
						unreadCount: 0,
						unreadMentionsCount: 0,
						unreadReactionsCount: 0,
						notifySettings: new Api.PeerNotifySettings({}),
						pts: 900,
					}),
					messages: [msg(90, inChannel), msg(89, inChannel), msg(50, inChannel)],
					chats: [],
					users: [],
				}),
			],
		});
		const t = target({
			pts: 10,
			qts: 0,
			seq: 0,
			date: 1,
			channels: { '777': 40 },
			maxIds: { '777': 60 },
		});
		await channelDifference(feed, t, '777');
		expect(texts(t)).toEqual(['m89', 'm90']);
		expect(t.state.channels['777']).toBe(900);
	});
});
