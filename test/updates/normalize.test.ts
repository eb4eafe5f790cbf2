import { Api } from 'telegram';
import bigInt from 'big-integer';

import type { TelegramAccountClient } from '../../nodes/shared/transport/client';
import { updateFeedOf } from '../../nodes/shared/transport/client';
import type { Tl } from '../../nodes/shared/transport/serialize';
import { normalize } from '../../nodes/shared/updates/normalize';

// The factory half of the feed needs no connection.
const make = updateFeedOf({} as TelegramAccountClient);
const tl = (o: unknown) => o as Tl;
const SELF = '1000';

const message = (id: number, peer: Api.TypePeer) =>
	new Api.Message({ id, peerId: peer, date: 1700000000, message: `m${id}` });

describe('normalize: every shape of Updates Telegram pushes', () => {
	it('updateShortMessage → updateNewMessage in the account box, sender needed', () => {
		const raw = new Api.UpdateShortMessage({
			id: 7,
			userId: bigInt(2000),
			message: 'hi',
			pts: 41,
			ptsCount: 1,
			date: 1700000000,
		});
		const n = normalize(tl(raw), SELF, make);
		expect(n.changes).toHaveLength(1);
		const [c] = n.changes;
		expect(c).toMatchObject({ box: 'common', pts: 41, count: 1, needs: ['2000'] });
		const m = c.update.message as Api.Message;
		expect(m).toBeInstanceOf(Api.Message);
		expect(m.message).toBe('hi');
		expect((m.peerId as Api.PeerUser).userId.toString()).toBe('2000');
		expect((m.fromId as Api.PeerUser).userId.toString()).toBe('2000');
	});

	it('an outgoing updateShortMessage is from the account itself', () => {
		const raw = new Api.UpdateShortMessage({
			out: true,
			id: 8,
			userId: bigInt(2000),
			message: 'me',
			pts: 42,
			ptsCount: 1,
			date: 1700000000,
		});
		const m = normalize(tl(raw), SELF, make).changes[0].update.message as Api.Message;
		expect(m.out).toBe(true);
		expect((m.fromId as Api.PeerUser).userId.toString()).toBe(SELF);
		expect((m.peerId as Api.PeerUser).userId.toString()).toBe('2000');
	});

	it('updateShortChatMessage → a group message that needs its sender and its chat', () => {
		const raw = new Api.UpdateShortChatMessage({
			id: 9,
			fromId: bigInt(2000),
			chatId: bigInt(300),
			message: 'group',
			pts: 43,
			ptsCount: 1,
			date: 1700000000,
		});
		const [c] = normalize(tl(raw), SELF, make).changes;
		expect(c.needs).toEqual(['2000', '-300']);
		expect(((c.update.message as Api.Message).peerId as Api.PeerChat).chatId.toString()).toBe(
			'300',
		);
	});

	it('updateShortSentMessage cannot be expanded: the difference must bring it', () => {
		const raw = new Api.UpdateShortSentMessage({ id: 1, pts: 44, ptsCount: 1, date: 1 });
		const n = normalize(tl(raw), SELF, make);
		expect(n.opaque).toBe(true);
		expect(n.changes).toEqual([]);
	});

	it('updateShort carries one update and its date', () => {
		const raw = new Api.UpdateShort({
			update: new Api.UpdateDeleteMessages({ messages: [1, 2], pts: 50, ptsCount: 2 }),
			date: 1700000001,
		});
		const n = normalize(tl(raw), SELF, make);
		expect(n.date).toBe(1700000001);
		expect(n.changes[0]).toMatchObject({ box: 'common', pts: 50, count: 2 });
	});

	it('updates: account and channel boxes apart, seq window, users and chats kept', () => {
		const raw = new Api.Updates({
			updates: [
				new Api.UpdateNewMessage({
					message: message(1, new Api.PeerUser({ userId: bigInt(2000) })),
					pts: 60,
					ptsCount: 1,
				}),
				new Api.UpdateNewChannelMessage({
					message: message(5, new Api.PeerChannel({ channelId: bigInt(777) })),
					pts: 9,
					ptsCount: 1,
				}),
				new Api.UpdateDeleteChannelMessages({
					channelId: bigInt(777),
					messages: [5],
					pts: 10,
					ptsCount: 1,
				}),
				new Api.UpdateChannelTooLong({ channelId: bigInt(888) }),
			],
			users: [new Api.User({ id: bigInt(2000), firstName: 'Bob' })],
			chats: [],
			date: 1700000002,
			seq: 12,
		});
		const n = normalize(tl(raw), SELF, make);
		expect(n.changes.map((c) => [c.box, c.pts])).toEqual([
			['common', 60],
			['777', 9],
			['777', 10],
		]);
		expect(n.others.map((o) => o.className)).toEqual(['UpdateChannelTooLong']);
		expect(n.seq).toEqual({ start: 12, end: 12 });
		expect(n.users).toHaveLength(1);
	});

	it('updatesCombined gives its seq range; seq 0 gives none', () => {
		const combined = new Api.UpdatesCombined({
			updates: [],
			users: [],
			chats: [],
			date: 1,
			seqStart: 20,
			seq: 22,
		});
		expect(normalize(tl(combined), SELF, make).seq).toEqual({ start: 20, end: 22 });
		const plain = new Api.Updates({ updates: [], users: [], chats: [], date: 1, seq: 0 });
		expect(normalize(tl(plain), SELF, make).seq).toBeUndefined();
	});

	it('updatesTooLong asks for the difference', () => {
		expect(normalize(tl(new Api.UpdatesTooLong()), SELF, make).kind).toBe('tooLong');
	});
});
