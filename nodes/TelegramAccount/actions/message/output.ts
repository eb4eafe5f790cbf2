// Turns Telegram's answers to message requests (Updates, messages.Messages) into plain JSON items
// through the shared serializer, with the users and chats that came with the answer.
import type { IDataObject } from 'n8n-workflow';

import type { TelegramAccountClient } from '../../../shared/transport/client';
import type { ResolvedPeer } from '../../../shared/transport/peers';
import { selfUser } from '../../../shared/transport/self';
import {
	asTl,
	indexEntities,
	serializeMessage,
	type Tl,
} from '../../../shared/transport/serialize';

/** A Peer object (as TL JSON) for a Bot-API-style chat id. */
export function peerOfChatId(chatId: string): Tl {
	if (chatId.startsWith('-100')) return { className: 'PeerChannel', channelId: chatId.slice(4) };
	if (chatId.startsWith('-')) return { className: 'PeerChat', chatId: chatId.slice(1) };
	return { className: 'PeerUser', userId: chatId };
}

interface Found {
	messages: Tl[];
	entities: Map<string, Tl>;
}

const MESSAGE_UPDATES = new Set([
	'UpdateNewMessage',
	'UpdateNewChannelMessage',
	'UpdateNewScheduledMessage',
	'UpdateEditMessage',
	'UpdateEditChannelMessage',
]);

/** The messages carried by an Updates answer, in the order Telegram listed them. */
export function messagesOfUpdates(result: unknown): Found {
	const answer = asTl(result);
	const updates =
		answer.className === 'UpdateShort'
			? [asTl(answer.update)]
			: ((answer.updates as Tl[] | undefined) ?? []);
	const messages = updates
		.filter((u) => MESSAGE_UPDATES.has(u.className))
		.map((u) => asTl(u.message));
	return { messages, entities: indexEntities(answer.users as Tl[], answer.chats as Tl[]) };
}

/** Serializes messages with the target chat's entity known, so titles and links are filled. */
export async function serializeAll(
	client: TelegramAccountClient,
	found: Found,
	target?: ResolvedPeer,
): Promise<IDataObject[]> {
	const entities = new Map(found.entities);
	if (target?.entity) entities.set(target.chatId, asTl(target.entity));
	const self = asTl(await selfUser(client));
	const selfId = String(self.id);
	if (!entities.has(selfId)) entities.set(selfId, self);
	return found.messages
		.filter((m) => m.className !== 'MessageEmpty')
		.map((m) => serializeMessage(m, { entities, selfId }));
}

/**
 * What a send answered. A plain text to a user or group gets a bare UpdateShortSentMessage, which
 * carries only id and date: the rest is what was sent.
 */
export async function sentOutput(
	client: TelegramAccountClient,
	target: ResolvedPeer,
	result: unknown,
	sent: { text: string; silent?: boolean },
): Promise<IDataObject[]> {
	const answer = asTl(result);
	if (answer.className !== 'UpdateShortSentMessage') {
		return await serializeAll(client, messagesOfUpdates(result), target);
	}
	const selfId = String((await selfUser(client)).id);
	const message: Tl = {
		className: 'Message',
		// Only private chats and basic groups get this short answer: the sender is always us.
		fromId: { className: 'PeerUser', userId: selfId },
		id: answer.id,
		date: answer.date,
		out: true,
		silent: sent.silent,
		peerId: peerOfChatId(target.chatId),
		message: sent.text,
		media: answer.media,
	};
	return await serializeAll(client, { messages: [message], entities: new Map() }, target);
}

/** messages.Messages / MessagesSlice / ChannelMessages → items. */
export async function messagesOutput(
	client: TelegramAccountClient,
	result: unknown,
	target?: ResolvedPeer,
): Promise<IDataObject[]> {
	const answer = asTl(result);
	const found = {
		messages: (answer.messages as Tl[] | undefined) ?? [],
		entities: indexEntities(answer.users as Tl[], answer.chats as Tl[]),
	};
	return await serializeAll(client, found, target);
}
