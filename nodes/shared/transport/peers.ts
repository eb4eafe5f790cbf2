// Turns what a user typed into an InputPeer, asking Telegram as little as possible: username
// resolution has strict daily limits, so each distinct peer is resolved once per pooled client.
import { cacheOf, type CacheKey } from './caches';
import { Api, inputPeerOf, toLong, type TelegramAccountClient } from './client';
import { dialogPages } from './dialogs';
import { InputError } from './errors';
import { markedId, parsePeerReference, peerCacheKey, type PeerReference } from './peerReference';
import { selfId, selfUser } from './self';
import { asTl, chatIdOf } from './serialize';

export type PeerEntity = Api.TypeUser | Api.TypeChat;

export interface ResolvedPeer {
	inputPeer: Api.TypeInputPeer;
	/** The user / chat / channel, when Telegram sent it (always, except for a bare cache hit). */
	entity?: PeerEntity;
	/** Bot-API-style id: user id, -chat id, -100channel id. */
	chatId: string;
}

/** A peer plus the message id a t.me/…/123 link pointed at. */
export interface PeerTarget extends ResolvedPeer {
	messageId?: number;
}

/** Dialog pages read while looking for an id the client has never seen (100 dialogs each). */
const MAX_DIALOG_PAGES = 20;

/** Resolved peers of one pooled client, by peerCacheKey; a lookup in flight is shared. */
const PEERS: CacheKey<Map<string, Promise<ResolvedPeer>>> = {
	name: 'peers',
	create: () => new Map(),
};

/** Bot-API-style id of a user, basic group or channel (user id, -chat id, -100channel id). */
export function entityChatId(entity: PeerEntity): string {
	return chatIdOf(asTl(entity)) ?? '';
}

function resolved(entity: PeerEntity): ResolvedPeer {
	return { inputPeer: inputPeerOf(entity), entity, chatId: entityChatId(entity) };
}

/** Remembers every user and chat Telegram sent, so later ids resolve without a request. */
function remember(client: TelegramAccountClient, entities: PeerEntity[]): void {
	const cache = cacheOf(client, PEERS);
	for (const entity of entities) {
		if (entity instanceof Api.UserEmpty || entity instanceof Api.ChatEmpty) continue;
		const key = `id:${entityChatId(entity)}`;
		if (!cache.has(key)) cache.set(key, Promise.resolve(resolved(entity)));
	}
}

function pick(client: TelegramAccountClient, answer: Api.contacts.ResolvedPeer): ResolvedPeer {
	remember(client, [...answer.users, ...answer.chats]);
	const wanted = chatIdOf(asTl(answer.peer));
	const entity = [...answer.users, ...answer.chats].find((e) => entityChatId(e) === wanted);
	if (!entity) throw new InputError('Telegram resolved the peer but sent no details', 'Try again.');
	return resolved(entity);
}

async function findInDialogs(
	client: TelegramAccountClient,
	chatId: string,
): Promise<ResolvedPeer | undefined> {
	for await (const page of dialogPages(client, { maxPages: MAX_DIALOG_PAGES })) {
		const entities: PeerEntity[] = [...page.users, ...page.chats];
		remember(client, entities);
		const found = entities.find((e) => entityChatId(e) === chatId);
		if (found) return resolved(found);
	}
	return undefined;
}

async function resolveById(
	client: TelegramAccountClient,
	ref: PeerReference & { id: string },
): Promise<ResolvedPeer> {
	const chatId = markedId(ref.kind as 'user' | 'chat' | 'channel', ref.id);
	// The account's own id is always known (Saved Messages), dialog or not.
	if (ref.kind === 'user' && ref.id === (await selfId(client)))
		return resolved(await selfUser(client));
	if (ref.kind === 'chat') {
		// Basic groups need no access hash: ask for the chat itself.
		const answer = await client.invoke(new Api.messages.GetChats({ id: [toLong(ref.id)] }));
		remember(client, answer.chats);
		const chat = answer.chats.find((c) => entityChatId(c) === chatId);
		if (chat) return resolved(chat);
	}
	const found = await findInDialogs(client, chatId);
	if (found) return found;
	throw new InputError(
		`This account has no chat with ID ${chatId} and has not seen it yet`,
		"A numeric ID only works for a chat in the account's dialog list. Use the @username or a t.me link instead, or open the chat with the account once.",
	);
}

async function resolveReference(
	client: TelegramAccountClient,
	ref: PeerReference,
): Promise<ResolvedPeer> {
	switch (ref.kind) {
		case 'self':
			return resolved(await selfUser(client));
		case 'username':
			return pick(
				client,
				await client.invoke(new Api.contacts.ResolveUsername({ username: ref.username })),
			);
		case 'phone':
			return pick(client, await client.invoke(new Api.contacts.ResolvePhone({ phone: ref.phone })));
		case 'invite': {
			const invite = await client.invoke(new Api.messages.CheckChatInvite({ hash: ref.hash }));
			if (invite instanceof Api.ChatInviteAlready || invite instanceof Api.ChatInvitePeek) {
				remember(client, [invite.chat]);
				return resolved(invite.chat);
			}
			throw new InputError(
				'The account is not a member of the chat behind this invite link',
				'Join it first (Chat → Join), then use the link or the chat ID.',
			);
		}
		default:
			return await resolveById(client, ref);
	}
}

/**
 * Resolves any peer form (see parsePeerReference) to an InputPeer. Results are cached on the
 * pooled client, and concurrent lookups of one peer share a single request.
 */
export async function resolvePeer(
	client: TelegramAccountClient,
	value: string | number | bigint,
): Promise<PeerTarget> {
	const ref = parsePeerReference(value);
	const messageId = 'messageId' in ref ? ref.messageId : undefined;
	const cache = cacheOf(client, PEERS);
	const key = peerCacheKey(ref);
	let pending = cache.get(key);
	if (!pending) {
		pending = resolveReference(client, ref);
		cache.set(key, pending);
		pending.catch(() => cache.delete(key));
	}
	return { ...(await pending), messageId };
}
