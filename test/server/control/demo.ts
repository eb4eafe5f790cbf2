// The demo world `npm run test-server` starts with: an account with a username and 2FA off,
// contacts, a group, a broadcast channel with posts and media, a megagroup and a private chat.
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
	};
}
