// Applied updates → the plain events a consumer sees (new / edited / deleted), with the users and
// chats each message refers to. Other updates (read marks, statuses) only move the position.
import { markedId } from '../transport/peerReference';
import { chatIdOf, type Tl } from '../transport/serialize';
import type { EntityStore } from './entities';
import type { EventPosition, UpdateEvent } from './types';

const NEW = new Set(['UpdateNewMessage', 'UpdateNewChannelMessage']);
const EDITED = new Set(['UpdateEditMessage', 'UpdateEditChannelMessage']);

/** The ids a message refers to: chat, sender, forward source, via bot. */
function referencedIds(message: Tl, chatId: string): string[] {
	const ids = [chatId];
	const from = chatIdOf(message.fromId as Tl | undefined);
	if (from) ids.push(from);
	const fwd = message.fwdFrom as Tl | undefined;
	const fwdFrom = fwd ? chatIdOf(fwd.fromId as Tl | undefined) : undefined;
	if (fwdFrom) ids.push(fwdFrom);
	if (message.viaBotId !== undefined && message.viaBotId !== null)
		ids.push(String(message.viaBotId));
	return ids;
}

export function entitiesOf(message: Tl, chatId: string, store: EntityStore): Map<string, Tl> {
	const map = new Map<string, Tl>();
	for (const id of referencedIds(message, chatId)) {
		const entity = store.get(id);
		if (entity) map.set(id, entity);
	}
	return map;
}

/** The event for one message (new or edited), or undefined for an empty message. */
export function messageEvent(
	kind: 'new' | 'edited',
	message: Tl,
	position: EventPosition,
	catchUp: boolean,
	store: EntityStore,
): UpdateEvent | undefined {
	if (!message || message.className === 'MessageEmpty') return undefined;
	const chatId = chatIdOf(message.peerId as Tl | undefined);
	if (!chatId) return undefined;
	if (position.box === 'common' && typeof message.id === 'number') {
		store.noteMessage(message.id, chatId);
	}
	return { kind, chatId, position, catchUp, message, entities: entitiesOf(message, chatId, store) };
}

function deletedEvents(update: Tl, position: EventPosition, catchUp: boolean, store: EntityStore) {
	const ids = ((update.messages as number[]) ?? []).slice();
	if (update.className === 'UpdateDeleteChannelMessages') {
		const chatId = markedId('channel', String(update.channelId));
		return [{ kind: 'deleted' as const, chatId, position, catchUp, messageIds: ids }];
	}
	// Group by the chat the engine saw each message in ('' where it never saw it).
	const byChat = new Map<string, number[]>();
	for (const id of ids) {
		const chatId = store.chatOf(id) ?? '';
		byChat.set(chatId, [...(byChat.get(chatId) ?? []), id]);
	}
	return [...byChat].map(([chatId, messageIds]) => ({
		kind: 'deleted' as const,
		chatId,
		position,
		catchUp,
		messageIds,
	}));
}

/** The events one applied update yields (none for updates that are not about messages). */
export function eventsOf(
	update: Tl,
	position: EventPosition,
	catchUp: boolean,
	store: EntityStore,
): UpdateEvent[] {
	if (NEW.has(update.className) || EDITED.has(update.className)) {
		const kind = NEW.has(update.className) ? 'new' : 'edited';
		const event = messageEvent(kind, update.message as Tl, position, catchUp, store);
		return event ? [event] : [];
	}
	if (
		update.className === 'UpdateDeleteMessages' ||
		update.className === 'UpdateDeleteChannelMessages'
	) {
		return deletedEvents(update, position, catchUp, store);
	}
	return [];
}

/** A key that is the same for the same event however it reached the engine (live, difference). */
export function eventKey(event: UpdateEvent): string {
	if (event.kind === 'deleted') return `deleted:${event.chatId}:${event.messageIds.join(',')}`;
	const m = event.message;
	return `${event.kind}:${event.chatId}:${String(m.id)}:${event.kind === 'edited' ? String(m.editDate) : ''}`;
}
