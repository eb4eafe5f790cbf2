import bigInt from 'big-integer';
import { Api } from 'telegram';

import {
	indexEntities,
	serializeChat,
	serializeMessage,
	serializeUser,
	summarizeMedia,
	type Tl,
} from '../../../../nodes/shared/transport/serialize';

const tl = (o: unknown) => o as Tl;
const alice = new Api.User({
	id: bigInt(2001),
	accessHash: bigInt(5),
	firstName: 'Alice',
	lastName: 'A',
	username: 'alice_a',
	phone: '15550002001',
	contact: true,
} as never);
const channel = new Api.Channel({
	id: bigInt(1234567890),
	accessHash: bigInt(9),
	title: 'News',
	username: 'news_chan',
	broadcast: true,
	date: 1,
	photo: new Api.ChatPhotoEmpty(),
} as never);
const privateGroup = new Api.Channel({
	id: bigInt(777),
	accessHash: bigInt(9),
	title: 'Team',
	megagroup: true,
	date: 1,
	photo: new Api.ChatPhotoEmpty(),
} as never);
const group = new Api.Chat({
	id: bigInt(3001),
	title: 'Basic',
	participantsCount: 3,
	date: 1,
	version: 1,
	photo: new Api.ChatPhotoEmpty(),
} as never);
const entities = indexEntities([tl(alice)], [tl(channel), tl(privateGroup), tl(group)]);
const date = 1_700_000_000;

const doc = (attributes: Api.TypeDocumentAttribute[], mimeType = 'video/mp4') =>
	new Api.MessageMediaDocument({
		document: new Api.Document({
			id: bigInt('5000000000000000001'),
			accessHash: bigInt(1),
			fileReference: Buffer.alloc(0),
			date,
			mimeType,
			size: bigInt(12345),
			dcId: 2,
			attributes,
		} as never),
	} as never);

describe('serializer', () => {
	it('writes a user with string ids and a link', () => {
		expect(serializeUser(tl(alice))).toEqual({
			id: '2001',
			chatId: '2001',
			type: 'user',
			firstName: 'Alice',
			lastName: 'A',
			name: 'Alice A',
			username: 'alice_a',
			phone: '15550002001',
			isSelf: false,
			isContact: true,
			isBot: false,
			isPremium: false,
			isVerified: false,
			isDeleted: false,
			link: 'https://t.me/alice_a',
		});
	});

	it('writes chats with Bot-API-style ids and types', () => {
		expect(serializeChat(tl(channel))).toMatchObject({
			id: '1234567890',
			chatId: '-1001234567890',
			type: 'channel',
			title: 'News',
			link: 'https://t.me/news_chan',
		});
		expect(serializeChat(tl(privateGroup))).toMatchObject({
			chatId: '-100777',
			type: 'supergroup',
			link: null,
		});
		expect(serializeChat(tl(group))).toMatchObject({
			chatId: '-3001',
			type: 'group',
			participantsCount: 3,
		});
		expect(serializeChat(tl(alice))).toMatchObject({ chatId: '2001', type: 'user' });
	});

	it('writes an incoming private message with its sender', () => {
		const m = new Api.Message({
			id: 5,
			peerId: new Api.PeerUser({ userId: bigInt(2001) }),
			date,
			message: 'hi',
		} as never);
		expect(serializeMessage(tl(m), { entities, selfId: '1000' })).toMatchObject({
			id: 5,
			chatId: '2001',
			chatType: 'private',
			chatTitle: 'Alice A',
			date: '2023-11-14T22:13:20.000Z',
			text: 'hi',
			isOutgoing: false,
			sender: { id: '2001', type: 'user', name: 'Alice A', username: 'alice_a' },
			media: null,
			replyTo: null,
			forward: null,
			link: null,
		});
		const out = new Api.Message({
			id: 6,
			out: true,
			peerId: new Api.PeerUser({ userId: bigInt(2001) }),
			date,
			message: 'yo',
		} as never);
		expect(serializeMessage(tl(out), { entities, selfId: '1000' }).sender).toMatchObject({
			id: '1000',
		});
	});

	it('writes channel posts with links, replies and forwards', () => {
		const post = new Api.Message({
			id: 42,
			peerId: new Api.PeerChannel({ channelId: bigInt(1234567890) }),
			date,
			message: 'post',
			views: 10,
			replyTo: new Api.MessageReplyHeader({ replyToMsgId: 41 } as never),
			fwdFrom: new Api.MessageFwdHeader({
				date,
				fromId: new Api.PeerUser({ userId: bigInt(2001) }),
				fromName: 'Alice',
			} as never),
		} as never);
		expect(serializeMessage(tl(post), { entities })).toMatchObject({
			chatId: '-1001234567890',
			chatType: 'channel',
			link: 'https://t.me/news_chan/42',
			views: 10,
			sender: { id: '-1001234567890', type: 'channel', name: 'News' },
			replyTo: { messageId: 41 },
			forward: { fromId: '2001', fromName: 'Alice', date: '2023-11-14T22:13:20.000Z' },
		});
		const inGroup = new Api.Message({
			id: 3,
			peerId: new Api.PeerChannel({ channelId: bigInt(777) }),
			fromId: new Api.PeerUser({ userId: bigInt(2001) }),
			date,
			message: '',
		} as never);
		expect(serializeMessage(tl(inGroup), { entities })).toMatchObject({
			link: 'https://t.me/c/777/3',
			chatType: 'supergroup',
			sender: { id: '2001' },
		});
	});

	it('writes service messages', () => {
		const m = new Api.MessageService({
			id: 9,
			peerId: new Api.PeerChat({ chatId: bigInt(3001) }),
			date,
			action: new Api.MessageActionChatEditTitle({ title: 'x' }),
		} as never);
		expect(serializeMessage(tl(m), { entities })).toMatchObject({
			isService: true,
			action: 'ChatEditTitle',
			chatId: '-3001',
			chatType: 'group',
			text: '',
		});
	});

	it.each([
		[[new Api.DocumentAttributeVideo({ duration: 3, w: 640, h: 480 } as never)], 'video'],
		[
			[
				new Api.DocumentAttributeVideo({
					duration: 3,
					w: 240,
					h: 240,
					roundMessage: true,
				} as never),
			],
			'roundVideo',
		],
		[[new Api.DocumentAttributeAudio({ duration: 7, voice: true } as never)], 'voice'],
		[[new Api.DocumentAttributeAudio({ duration: 7, title: 'Song' } as never)], 'audio'],
		[
			[
				new Api.DocumentAttributeSticker({
					alt: ':)',
					stickerset: new Api.InputStickerSetEmpty(),
				} as never),
			],
			'sticker',
		],
		[
			[
				new Api.DocumentAttributeAnimated(),
				new Api.DocumentAttributeVideo({ duration: 1, w: 1, h: 1 } as never),
			],
			'animation',
		],
		[[new Api.DocumentAttributeFilename({ fileName: 'a.pdf' })], 'document'],
	])('names the media type %#', (attributes, type) => {
		expect(summarizeMedia(tl(doc(attributes as Api.TypeDocumentAttribute[])))).toMatchObject({
			type,
			id: '5000000000000000001',
			size: 12345,
		});
	});

	it('summarizes photos and other media, never raw objects', () => {
		const photo = new Api.MessageMediaPhoto({
			photo: new Api.Photo({
				id: bigInt(77),
				accessHash: bigInt(1),
				fileReference: Buffer.alloc(0),
				date,
				sizes: [],
				dcId: 2,
			} as never),
		} as never);
		expect(summarizeMedia(tl(photo))).toEqual({
			type: 'photo',
			id: '77',
			mimeType: 'image/jpeg',
			spoiler: false,
		});
		expect(summarizeMedia(tl(new Api.MessageMediaGeo({ geo: new Api.GeoPointEmpty() })))).toEqual({
			type: 'location',
		});
		const m = new Api.Message({
			id: 1,
			peerId: new Api.PeerUser({ userId: bigInt(2001) }),
			date,
			message: '',
			media: doc([new Api.DocumentAttributeFilename({ fileName: 'r.txt' })], 'text/plain'),
		} as never);
		const json = serializeMessage(tl(m), { entities });
		expect(JSON.parse(JSON.stringify(json))).toEqual(json);
		expect(json.media).toMatchObject({ fileName: 'r.txt', mimeType: 'text/plain' });
	});
});
