// mtcute with the layer-198 maps must put the same bytes on the wire as GramJS (whose classes the
// loopback server uses), and read GramJS's bytes back into the shapes mtcute's own code expects.
import './mtcute-quiet';
import { Long } from '@mtcute/core';
import { __tlReaderMap, TlBinaryReader, TlBinaryWriter } from '@mtcute/core/utils.js';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { layer198Maps } from './tl-maps';

const { readerMap, writerMap, layer, entries } = layer198Maps();
const write = (obj: { _: string }): Buffer =>
	Buffer.from(TlBinaryWriter.serializeObject(writerMap, obj));
const read = <T>(bytes: Buffer): T => TlBinaryReader.deserializeObject<T>(readerMap, bytes);

describe('layer-198 maps for mtcute', () => {
	it('cover GramJS layer 198, with the MTProto entries kept from mtcute', () => {
		expect(layer).toBe(198);
		expect(entries.length).toBeGreaterThan(2000);
		// rpc_result and msg_container are parsed by mtcute itself; pong / future_salts via the map.
		expect(readerMap[0x347773c5]).toBeDefined(); // pong
		expect(readerMap[0xae500895]).toBeDefined(); // future_salts
		expect(writerMap.mt_ping).toBeDefined();
	});

	it('writes messages.sendMessage byte-identical to GramJS', () => {
		const gram = new Api.messages.SendMessage({
			peer: new Api.InputPeerUser({ userId: bigInt('5000000001'), accessHash: bigInt('-77') }),
			message: 'hello from mtcute ✓',
			randomId: bigInt('-1234567890123456789'),
			noWebpage: true,
			silent: true,
			entities: [new Api.MessageEntityBold({ offset: 0, length: 5 })],
			replyTo: new Api.InputReplyToMessage({ replyToMsgId: 42 }),
		});
		const mine = write({
			_: 'messages.sendMessage',
			peer: { _: 'inputPeerUser', userId: 5000000001, accessHash: Long.fromInt(-77) },
			message: 'hello from mtcute ✓',
			randomId: Long.fromString('-1234567890123456789'),
			noWebpage: true,
			silent: true,
			entities: [{ _: 'messageEntityBold', offset: 0, length: 5 }],
			replyTo: { _: 'inputReplyToMessage', replyToMsgId: 42 },
			// Fields of newer layers that 198 lacks must be ignored, not written.
			allowPaidStars: Long.fromInt(5),
		} as { _: string });
		expect(mine.toString('hex')).toBe(gram.getBytes().toString('hex'));
	});

	it('reads a GramJS User (flags2, int53 ids, usernames) and writes it back unchanged', () => {
		const gram = new Api.User({
			id: bigInt('7000000123'),
			accessHash: bigInt('-987654321987'),
			firstName: 'Ada',
			lastName: 'Lovelace',
			username: 'ada_l',
			phone: '15550001',
			self: true,
			contact: true,
			status: new Api.UserStatusOnline({ expires: 1700000000 }),
			usernames: [new Api.Username({ username: 'ada2', active: true })],
			storiesMaxId: 3,
		});
		const bytes = gram.getBytes();
		const user = read<Record<string, unknown>>(bytes);
		expect(user).toMatchObject({
			_: 'user',
			id: 7000000123,
			firstName: 'Ada',
			username: 'ada_l',
			self: true,
			contact: true,
			bot: false,
			status: { _: 'userStatusOnline', expires: 1700000000 },
			usernames: [{ _: 'username', username: 'ada2', active: true, editable: false }],
			storiesMaxId: 3,
		});
		expect((user.accessHash as Long).toString()).toBe('-987654321987');
		expect(write(user as { _: string }).equals(bytes)).toBe(true);
	});

	it('reads a GramJS Message with a reply, entities and a peer id, and writes it back', () => {
		const gram = new Api.Message({
			id: 250,
			out: true,
			peerId: new Api.PeerUser({ userId: bigInt('5000000001') }),
			fromId: new Api.PeerUser({ userId: bigInt('7000000123') }),
			date: 1700000100,
			message: 'page 3 of history',
			entities: [new Api.MessageEntityTextUrl({ offset: 0, length: 4, url: 'https://x.y' })],
			replyTo: new Api.MessageReplyHeader({ replyToMsgId: 249 }),
			editDate: 1700000200,
		});
		const bytes = gram.getBytes();
		const msg = read<Record<string, unknown>>(bytes);
		expect(msg).toMatchObject({
			_: 'message',
			id: 250,
			out: true,
			peerId: { _: 'peerUser', userId: 5000000001 },
			fromId: { _: 'peerUser', userId: 7000000123 },
			message: 'page 3 of history',
			entities: [{ _: 'messageEntityTextUrl', offset: 0, length: 4, url: 'https://x.y' }],
			replyTo: { _: 'messageReplyHeader', replyToMsgId: 249 },
			editDate: 1700000200,
		});
		expect(msg.media).toBeUndefined();
		expect(write(msg as { _: string }).equals(bytes)).toBe(true);
	});

	it('reads layer-198 constructors that mtcute 0.30 alone cannot', () => {
		// The user constructor changed id between 198 and mtcute's layer: the reason for the maps.
		const bytes = new Api.User({ id: bigInt(1), firstName: 'x' }).getBytes();
		const id = bytes.readUInt32LE(0);
		expect(__tlReaderMap[id]).toBeUndefined();
		expect(read<{ _: string }>(bytes)._).toBe('user');
	});

	it('reads primitive-vector results that mtcute decodes by method name', () => {
		const results = readerMap._results ?? {};
		const w = TlBinaryWriter.alloc(writerMap, 16);
		w.uint(0x1cb5c415);
		w.uint(2);
		w.int(7);
		w.int(9);
		const r = new TlBinaryReader(readerMap, w.result());
		expect(results['contacts.getContactIDs'](r)).toEqual([7, 9]);
	});
});
