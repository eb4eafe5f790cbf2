// The account's boxes fed update by update, with synthetic pushes of every shape and no network.
import { Api } from 'telegram';
import bigInt from 'big-integer';

import type { TelegramAccountClient } from '../../nodes/shared/transport/client';
import { updateFeedOf } from '../../nodes/shared/transport/client';
import type { Tl } from '../../nodes/shared/transport/serialize';
import { GAP_WAIT_MS } from '../../nodes/shared/updates/box';
import { AccountBoxes } from '../../nodes/shared/updates/boxes';
import { EntityStore } from '../../nodes/shared/updates/entities';
import { normalize } from '../../nodes/shared/updates/normalize';
import type { Delivery } from '../../nodes/shared/updates/subscriber';

const make = updateFeedOf({} as TelegramAccountClient);
const tl = (o: unknown) => o as Tl;
const SELF = '1000';
const bob = new Api.User({ id: bigInt(2000), firstName: 'Bob', accessHash: bigInt(1) });
const channel = new Api.Channel({
	id: bigInt(777),
	title: 'News',
	accessHash: bigInt(5),
	photo: new Api.ChatPhotoEmpty(),
	date: 1,
});
const short = (id: number, pts: number) =>
	new Api.UpdateShortMessage({
		id,
		userId: bigInt(2000),
		message: `p${id}`,
		pts,
		ptsCount: 1,
		date: 1,
	});
const channelPost = (id: number, pts: number) =>
	new Api.UpdateShort({
		update: new Api.UpdateNewChannelMessage({
			message: new Api.Message({
				id,
				peerId: new Api.PeerChannel({ channelId: bigInt(777) }),
				date: 1,
				message: `c${id}`,
			}),
			pts,
			ptsCount: 1,
		}),
		date: 1,
	});
const texts = (batch: Delivery[]) =>
	batch.map((d) => (d.event.kind === 'deleted' ? 'deleted' : d.event.message.message));

function boxes(knowBob = true) {
	const store = new EntityStore();
	store.add([tl(channel)]);
	if (knowBob) store.add([tl(bob)]);
	const b = new AccountBoxes(store);
	b.start(tl(new Api.updates.State({ pts: 10, qts: 0, date: 1, seq: 5, unreadCount: 0 })));
	const feed = (raw: unknown, now = 0) => b.apply(normalize(tl(raw), SELF, make), now);
	return { b, store, feed };
}

describe('AccountBoxes: the live path update by update', () => {
	it('applies short forms in pts order and hands out full messages with the sender', () => {
		const { b, feed } = boxes();
		const applied = feed(short(1, 11));
		expect(texts(applied.batch)).toEqual(['p1']);
		const event = applied.batch[0].event;
		expect(event.kind === 'new' && event.entities.get('2000')).toBe(bob);
		expect(applied.batch[0].exact).toBe(true);
		expect(b.state()).toMatchObject({ pts: 11, maxIds: { common: 1 } });
	});

	it('does not apply a short form from an unknown sender: it wants the difference', () => {
		const { b, feed } = boxes(false);
		const applied = feed(short(1, 11));
		expect(applied).toEqual({ batch: [], wants: ['common'] });
		expect(b.pts).toBe(10);
	});

	it('holds a jump, reports the gap after 0.5 s, and hands out held updates after the difference', () => {
		const { b, feed } = boxes();
		expect(feed(short(3, 13), 1000).batch).toEqual([]);
		expect(b.nextGapDeadline()).toBe(1000 + GAP_WAIT_MS);
		expect(b.expiredGaps(1000 + GAP_WAIT_MS)).toEqual(['common']);
		const recovered = feed(short(2, 12), 0);
		// 12 is not 11: still a gap; the difference brings 11 and 12.
		expect(recovered.batch).toEqual([]);
		// Older than the box: ignored.
		expect(feed(short(9, 9)).batch).toEqual([]);
		const out = b.commit([], 2000, { pts: 12, qts: 0, date: 2, seq: 5 });
		expect(texts(out)).toEqual(['p3']);
		expect(b.pts).toBe(13);
		expect(b.nextGapDeadline()).toBeUndefined();
	});

	it('ignores a duplicate', () => {
		const { feed } = boxes();
		expect(texts(feed(short(1, 11)).batch)).toEqual(['p1']);
		expect(feed(short(1, 11)).batch).toEqual([]);
	});

	it('keeps channel boxes apart and learns their pts from the dialogs', () => {
		const { b, feed } = boxes();
		b.learnDialogs(
			tl({
				dialogs: [{ peer: new Api.PeerChannel({ channelId: bigInt(777) }), pts: 40 }],
				messages: [],
				users: [],
				chats: [],
			}),
		);
		expect(texts(feed(channelPost(5, 41)).batch)).toEqual(['c5']);
		// A jump in the channel is a gap of that channel only.
		expect(feed(channelPost(7, 43), 100).batch).toEqual([]);
		expect(b.expiredGaps(100 + GAP_WAIT_MS)).toEqual(['777']);
		expect(texts(feed(short(1, 11)).batch)).toEqual(['p1']);
		expect(b.state().channels).toEqual({ '777': 41 });
	});

	it('updates / updatesCombined: every update in order, seq window checked, hints wanted', () => {
		const { b, feed } = boxes();
		const applied = feed(
			new Api.UpdatesCombined({
				updates: [
					new Api.UpdateNewMessage({
						message: new Api.Message({
							id: 4,
							peerId: new Api.PeerUser({ userId: bigInt(2000) }),
							fromId: new Api.PeerUser({ userId: bigInt(2000) }),
							date: 3,
							message: 'p4',
						}),
						pts: 11,
						ptsCount: 1,
					}),
					new Api.UpdateDeleteMessages({ messages: [4], pts: 12, ptsCount: 1 }),
					new Api.UpdateChannelTooLong({ channelId: bigInt(888) }),
				],
				users: [],
				chats: [],
				date: 3,
				seqStart: 6,
				seq: 7,
			}),
		);
		expect(texts(applied.batch)).toEqual(['p4', 'deleted']);
		expect(applied.batch[1].event).toMatchObject({ chatId: '2000', messageIds: [4] });
		expect(applied.wants).toEqual(['888']);
		expect(b.state()).toMatchObject({ pts: 12, seq: 7, date: 3 });
		// A seq jump alone opens a gap of the account box.
		feed(new Api.Updates({ updates: [], users: [], chats: [], date: 4, seq: 9 }), 50);
		expect(b.expiredGaps(50 + GAP_WAIT_MS)).toEqual(['common']);
	});

	it('updatesTooLong and a pushed updateShortSentMessage want the difference', () => {
		const { feed } = boxes();
		expect(feed(new Api.UpdatesTooLong()).wants).toEqual(['common']);
		const sent = new Api.UpdateShortSentMessage({ id: 1, pts: 11, ptsCount: 1, date: 1 });
		expect(feed(sent).wants).toEqual(['common']);
	});
});
