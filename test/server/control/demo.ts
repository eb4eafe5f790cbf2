// The demo world `npm run test-server` starts with: an account with a username and 2FA off,
// contacts, a group, two broadcast channels with posts (one with media), a megagroup, a private
// chat, and a support team's work group with a teammate (for the examples in examples/).
import type { Control } from './control';

export const DEMO_PHONE = '+15550100';
export const DEMO_CODE = '12345';

export interface DemoWorld {
	account: { userId: number; phone: string; username: string; session: string; loginCode: string };
	contacts: Array<{ userId: number; username: string }>;
	groupId: number;
	/** A photo the demo user sent Alice: what the send-and-download example downloads. */
	mediaMessage: { chat: string; messageId: number };
	channel: { channelId: number; username: string };
	megagroup: { channelId: number; username: string };
	/** Scheduled channel collection: the channels it collects (`@demo_channel, @demo_news`). */
	collection: { channels: string[]; newsChannelId: number };
	/** Support inbox: the team's work group (a private supergroup) and a teammate in it. */
	supportInbox: {
		workGroup: { channelId: number; chatId: string; title: string };
		teammate: { userId: number; username: string };
		/** A customer who writes to the account privately (Alice) and the account's id. */
		customer: { userId: number; username: string };
		accountId: number;
	};
}

export function seedDemoWorld(control: Control): DemoWorld {
	const demo = control.createAccount({
		phone: DEMO_PHONE,
		firstName: 'Demo',
		lastName: 'User',
		username: 'demo_user',
	});
	const people = [
		{ phone: '+15550101', firstName: 'Alice', username: 'alice_demo' },
		{ phone: '+15550102', firstName: 'Bob', username: 'bob_demo' },
		{ phone: '+15550103', firstName: 'Carol', username: 'carol_demo' },
	].map((p) => ({ ...p, userId: control.createAccount({ ...p, session: false }).userId }));
	for (const p of people)
		control.addContact({ ownerId: demo.userId, userId: p.userId, mutual: true });
	const [alice, bob] = people;

	control.seedMessages({
		between: [demo.userId, alice.userId],
		count: 20,
		text: 'Hello from the demo chat #{i}',
		stepSec: 60,
	});
	const photo = control.seedMessages({
		between: [demo.userId, alice.userId],
		fromIds: [demo.userId],
		count: 1,
		text: 'A photo for the demo',
		media: { kind: 'photo', size: 64 * 1024 },
	});
	const { chatId } = control.createGroup({
		title: 'Demo group',
		creatorId: demo.userId,
		memberIds: [alice.userId, bob.userId],
	});
	control.seedMessages({
		chatId,
		fromIds: [alice.userId, bob.userId, demo.userId],
		count: 15,
		text: 'Group message {i}',
		stepSec: 60,
	});

	const { channelId } = control.createChannel({
		title: 'Demo channel',
		creatorId: alice.userId,
		username: 'demo_channel',
		about: 'Posts for the demo',
		memberIds: [demo.userId],
	});
	control.seedMessages({
		channelId,
		count: 40,
		text: 'Channel post {i} https://example.com/{i}',
		stepSec: 300,
	});
	for (const kind of [
		'photo',
		'video',
		'voice',
		'audio',
		'file',
		'animation',
		'round',
		'sticker',
	] as const) {
		control.seedMessages({
			channelId,
			count: 1,
			text: kind === 'sticker' || kind === 'round' ? '' : `A ${kind}`,
			media: { kind, size: 64 * 1024, fileName: kind === 'file' ? 'report.pdf' : undefined },
		});
	}
	const mega = control.createChannel({
		title: 'Demo supergroup',
		creatorId: bob.userId,
		username: 'demo_supergroup',
		megagroup: true,
		memberIds: [demo.userId, alice.userId],
	});
	control.seedMessages({
		channelId: mega.channelId,
		fromIds: [bob.userId, alice.userId],
		count: 25,
		text: 'Supergroup message {i}',
	});

	const news = control.createChannel({
		title: 'Demo news',
		creatorId: bob.userId,
		username: 'demo_news',
		about: 'A second channel for the collection example',
		memberIds: [demo.userId],
	});
	control.seedMessages({
		channelId: news.channelId,
		count: 12,
		text: 'News item {i}: something happened',
		stepSec: 600,
	});
	const dana = control.createAccount({
		phone: '+15550104',
		firstName: 'Dana',
		lastName: 'Support',
		username: 'dana_demo',
		session: false,
	});
	control.addContact({ ownerId: demo.userId, userId: dana.userId, mutual: true });
	const team = control.createChannel({
		title: 'Demo support team',
		creatorId: demo.userId,
		megagroup: true,
		memberIds: [dana.userId],
	});
	control.seedMessages({
		channelId: team.channelId,
		fromIds: [dana.userId],
		count: 1,
		text: 'Customer messages land here: reply to one and the customer gets your answer.',
	});

	return {
		account: {
			userId: demo.userId,
			phone: DEMO_PHONE,
			username: 'demo_user',
			session: demo.session!,
			loginCode: DEMO_CODE,
		},
		contacts: people.map((p) => ({ userId: p.userId, username: p.username })),
		groupId: chatId,
		mediaMessage: { chat: `@${alice.username}`, messageId: photo.lastId },
		channel: { channelId, username: 'demo_channel' },
		megagroup: { channelId: mega.channelId, username: 'demo_supergroup' },
		collection: { channels: ['@demo_channel', '@demo_news'], newsChannelId: news.channelId },
		supportInbox: {
			workGroup: {
				channelId: team.channelId,
				chatId: `-100${team.channelId}`,
				title: 'Demo support team',
			},
			teammate: { userId: dana.userId, username: 'dana_demo' },
			customer: { userId: alice.userId, username: alice.username },
			accountId: demo.userId,
		},
	};
}
