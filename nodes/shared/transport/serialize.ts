// Users, chats and messages as plain JSON: ids as strings, ISO dates, Bot-API-style chat ids.
// It reads TL objects by `className` only, so it never needs GramJS at run time and no library
// object can leak into an n8n item.
import type { IDataObject } from 'n8n-workflow';

import { safeFileName } from './fileName';
import { markedId } from './peerReference';

/** The shape of any GramJS TL object, as far as the serializer cares. */
export type Tl = { className: string } & Record<string, unknown>;

/** Reads a GramJS object (or any TL-shaped value) as the serializer sees it. */
export const asTl = (value: unknown): Tl => value as Tl;

export interface SerializeContext {
	/** Users and chats sent with the result, keyed by Bot-API-style id (from indexEntities). */
	entities?: Map<string, Tl>;
	/** The logged-in user's id: outgoing private messages carry no sender. */
	selfId?: string;
}

const str = (v: unknown): string | undefined =>
	v === undefined || v === null ? undefined : String(v);
const iso = (v: unknown): string | null =>
	typeof v === 'number' && v > 0 ? new Date(v * 1000).toISOString() : null;
/** big-integer, bigint or number → number when exact, else the decimal string. */
const num = (v: unknown): number | string | null => {
	if (v === undefined || v === null) return null;
	const n = Number(String(v));
	return Number.isSafeInteger(n) ? n : String(v);
};

/** Bot-API-style id of a Peer / User / Chat / Channel object. */
export function chatIdOf(obj: Tl | undefined): string | undefined {
	if (!obj) return undefined;
	switch (obj.className) {
		case 'PeerUser':
			return markedId('user', String(obj.userId));
		case 'PeerChat':
			return markedId('chat', String(obj.chatId));
		case 'PeerChannel':
			return markedId('channel', String(obj.channelId));
		case 'User':
		case 'UserEmpty':
			return markedId('user', String(obj.id));
		case 'Chat':
		case 'ChatEmpty':
		case 'ChatForbidden':
			return markedId('chat', String(obj.id));
		case 'Channel':
		case 'ChannelForbidden':
			return markedId('channel', String(obj.id));
		default:
			return undefined;
	}
}

export function chatTypeOf(
	obj: Tl | undefined,
): 'private' | 'group' | 'supergroup' | 'channel' | undefined {
	if (!obj) return undefined;
	if (obj.className === 'PeerUser' || obj.className.startsWith('User')) return 'private';
	if (obj.className === 'PeerChat' || obj.className.startsWith('Chat')) return 'group';
	if (obj.className === 'Channel' || obj.className === 'ChannelForbidden') {
		return obj.megagroup ? 'supergroup' : 'channel';
	}
	return obj.className === 'PeerChannel' ? 'channel' : undefined;
}

/** Keys users and chats by Bot-API-style id, for the context of serializeMessage. */
export function indexEntities(users: Tl[] = [], chats: Tl[] = []): Map<string, Tl> {
	const map = new Map<string, Tl>();
	for (const entity of [...users, ...chats]) {
		const id = chatIdOf(entity);
		if (id) map.set(id, entity);
	}
	return map;
}

function mainUsername(obj: Tl): string | null {
	if (typeof obj.username === 'string' && obj.username) return obj.username;
	const first = (obj.usernames as Tl[] | undefined)?.find((u) => u.active);
	return first ? String(first.username) : null;
}

/** "First Last" of a user, or null. */
function userName(user: Tl): string | null {
	const first = typeof user.firstName === 'string' ? user.firstName : '';
	const last = typeof user.lastName === 'string' ? user.lastName : '';
	return (first && last ? `${first} ${last}` : first || last) || null;
}

export function serializeUser(user: Tl): IDataObject {
	const username = mainUsername(user);
	const name = userName(user);
	return {
		id: String(user.id),
		chatId: chatIdOf(user) ?? null,
		type: user.bot ? 'bot' : 'user',
		firstName: str(user.firstName) ?? null,
		lastName: str(user.lastName) ?? null,
		name,
		username,
		phone: str(user.phone) ?? null,
		isSelf: Boolean(user.self),
		isContact: Boolean(user.contact),
		isBot: Boolean(user.bot),
		isPremium: Boolean(user.premium),
		isVerified: Boolean(user.verified),
		isDeleted: Boolean(user.deleted) || user.className === 'UserEmpty',
		link: username ? `https://t.me/${username}` : null,
	};
}

export function serializeChat(chat: Tl): IDataObject {
	if (chat.className.startsWith('User')) return serializeUser(chat);
	const username = mainUsername(chat);
	return {
		id: String(chat.id),
		chatId: chatIdOf(chat) ?? null,
		type: chatTypeOf(chat) ?? null,
		title: str(chat.title) ?? null,
		username,
		participantsCount: num(chat.participantsCount),
		isCreator: Boolean(chat.creator),
		isMember: !(chat.left || chat.className.endsWith('Forbidden')),
		isVerified: Boolean(chat.verified),
		link: username ? `https://t.me/${username}` : null,
	};
}

function attribute(doc: Tl, name: string): Tl | undefined {
	return (doc.attributes as Tl[] | undefined)?.find((a) => a.className === name);
}

/** What the media of a message is, with enough to decide whether to download it. */
export function summarizeMedia(media: Tl | undefined): IDataObject | null {
	if (!media || media.className === 'MessageMediaEmpty') return null;
	if (media.className === 'MessageMediaPhoto') {
		const photo = media.photo as Tl | undefined;
		return {
			type: 'photo',
			id: str(photo?.id) ?? null,
			mimeType: 'image/jpeg',
			spoiler: Boolean(media.spoiler),
		};
	}
	if (media.className === 'MessageMediaDocument') {
		const doc = media.document as Tl | undefined;
		if (!doc || doc.className !== 'Document') return { type: 'document', id: null };
		const video = attribute(doc, 'DocumentAttributeVideo');
		const audio = attribute(doc, 'DocumentAttributeAudio');
		const type = attribute(doc, 'DocumentAttributeSticker')
			? 'sticker'
			: video?.roundMessage || media.round
				? 'roundVideo'
				: attribute(doc, 'DocumentAttributeAnimated')
					? 'animation'
					: video
						? 'video'
						: audio?.voice || media.voice
							? 'voice'
							: audio
								? 'audio'
								: 'document';
		return {
			type,
			id: String(doc.id),
			fileName: safeFileName(attribute(doc, 'DocumentAttributeFilename')?.fileName) ?? null,
			mimeType: str(doc.mimeType) ?? null,
			size: num(doc.size),
			duration: num(video?.duration ?? audio?.duration),
			width: num(video?.w),
			height: num(video?.h),
		};
	}
	const simple: Record<string, string> = {
		MessageMediaWebPage: 'webpage',
		MessageMediaGeo: 'location',
		MessageMediaGeoLive: 'liveLocation',
		MessageMediaVenue: 'venue',
		MessageMediaContact: 'contact',
		MessageMediaPoll: 'poll',
		MessageMediaDice: 'dice',
		MessageMediaGame: 'game',
		MessageMediaInvoice: 'invoice',
		MessageMediaStory: 'story',
	};
	return { type: simple[media.className] ?? 'other' };
}

function senderOf(
	message: Tl,
	ctx: SerializeContext,
	chatId: string | undefined,
): IDataObject | null {
	let senderId = chatIdOf(message.fromId as Tl | undefined);
	if (!senderId && chatId && !chatId.startsWith('-')) senderId = message.out ? ctx.selfId : chatId;
	if (!senderId && chatTypeOf(message.peerId as Tl) === 'channel') senderId = chatId;
	if (!senderId) return null;
	const entity = ctx.entities?.get(senderId);
	// Read straight from the entity: a whole serializeUser per message was a measurable cost.
	const isUser = entity?.className === 'User';
	return {
		id: senderId,
		type: entity
			? isUser
				? entity.bot
					? 'bot'
					: 'user'
				: (chatTypeOf(entity) ?? null)
			: senderId.startsWith('-')
				? 'chat'
				: 'user',
		name: isUser ? userName(entity) : (str(entity?.title) ?? null),
		username: entity ? mainUsername(entity) : null,
	};
}

function forwardOf(fwd: Tl | undefined): IDataObject | null {
	if (!fwd) return null;
	return {
		date: iso(fwd.date),
		fromId: chatIdOf(fwd.fromId as Tl | undefined) ?? null,
		fromName: str(fwd.fromName) ?? null,
		channelPostId: num(fwd.channelPost),
		postAuthor: str(fwd.postAuthor) ?? null,
	};
}

function replyOf(reply: Tl | undefined): IDataObject | null {
	if (!reply || reply.className !== 'MessageReplyHeader') return null;
	return {
		messageId: num(reply.replyToMsgId),
		topMessageId: num(reply.replyToTopId),
		chatId: chatIdOf(reply.replyToPeerId as Tl | undefined) ?? null,
		isForumTopic: Boolean(reply.forumTopic),
	};
}

/** A message (or service message) as one flat JSON object. */
export function serializeMessage(message: Tl, ctx: SerializeContext = {}): IDataObject {
	const peer = message.peerId as Tl | undefined;
	const chatId = chatIdOf(peer);
	const chat = chatId ? ctx.entities?.get(chatId) : undefined;
	const chatType = chatTypeOf(chat) ?? chatTypeOf(peer) ?? null;
	const username = chat ? mainUsername(chat) : null;
	const id = Number(message.id);
	let link: string | null = null;
	if (chatType === 'channel' || chatType === 'supergroup') {
		link = username ? `https://t.me/${username}/${id}` : `https://t.me/c/${chatId?.slice(4)}/${id}`;
	}
	const isService = message.className === 'MessageService';
	const action = message.action as Tl | undefined;
	return {
		id,
		chatId: chatId ?? null,
		chatType,
		chatTitle: chat ? (str(chat.title) ?? userName(chat)) : null,
		date: iso(message.date),
		editDate: iso(message.editDate),
		isOutgoing: Boolean(message.out),
		isService,
		action: action ? action.className.replace(/^MessageAction/, '') : null,
		sender: senderOf(message, ctx, chatId),
		text: typeof message.message === 'string' ? message.message : '',
		media: summarizeMedia(message.media as Tl | undefined),
		replyTo: replyOf(message.replyTo as Tl | undefined),
		forward: forwardOf(message.fwdFrom as Tl | undefined),
		groupedId: str(message.groupedId) ?? null,
		views: num(message.views),
		forwards: num(message.forwards),
		isPinned: Boolean(message.pinned),
		isSilent: Boolean(message.silent),
		postAuthor: str(message.postAuthor) ?? null,
		link,
	};
}
