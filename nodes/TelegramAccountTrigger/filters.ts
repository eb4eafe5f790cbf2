// The trigger's filters as pure functions of an event: they run before any download or request,
// so a message nobody wants costs nothing but these checks.
import { chatIdOf, summarizeMedia, type Tl } from '../shared/transport/serialize';
import type { DeletedEvent, MessageEvent } from '../shared/updates/types';
import type { ChatKind, TriggerSettings } from './settings';

/** The chat and user lists of the settings, resolved to Bot-API-style ids at activation. */
export interface PeerSets {
	only?: Set<string>;
	exclude: Set<string>;
	from?: Set<string>;
}

/** private / group (basic and super) / channel (broadcast) for a Bot-API-style chat id. */
export function chatKindOf(
	chatId: string,
	entities?: Map<string, Tl>,
	message?: Tl,
): ChatKind | undefined {
	if (!chatId.startsWith('-')) return 'private';
	if (!chatId.startsWith('-100')) return 'group';
	const entity = entities?.get(chatId);
	if (entity) return entity.megagroup ? 'group' : 'channel';
	if (!message) return undefined;
	// Without the channel itself: broadcast posts carry `post`, supergroup messages a sender.
	return message.post || !message.fromId ? 'channel' : 'group';
}

/** Who sent the message, as a Bot-API-style id (the channel itself for a channel post). */
export function senderIdOf(message: Tl, chatId: string, selfId?: string): string | undefined {
	const from = chatIdOf(message.fromId as Tl | undefined);
	if (from) return from;
	if (!chatId.startsWith('-')) return message.out ? selfId : chatId;
	return chatId.startsWith('-100') ? chatId : undefined;
}

function chatAllowed(chatId: string, kind: ChatKind | undefined, s: TriggerSettings, p: PeerSets) {
	if (kind && !s.chatTypes.includes(kind)) return false;
	if (p.only && !p.only.has(chatId)) return false;
	return !p.exclude.has(chatId);
}

function textAllowed(textValue: string, s: TriggerSettings): boolean {
	if (s.textContains && !textValue.toLowerCase().includes(s.textContains)) return false;
	if (s.textPattern) {
		s.textPattern.lastIndex = 0;
		if (!s.textPattern.test(textValue)) return false;
	}
	return true;
}

function mediaAllowed(message: Tl, s: TriggerSettings): boolean {
	const media = summarizeMedia(message.media as Tl | undefined);
	if (s.media === 'with' && !media) return false;
	if (s.media === 'without' && media) return false;
	if (s.mediaKinds.length && (!media || !s.mediaKinds.includes(String(media.type)))) return false;
	return true;
}

/** True when a new or edited message passes every filter of the settings. */
export function messageMatches(
	event: MessageEvent,
	s: TriggerSettings,
	p: PeerSets,
	selfId?: string,
): boolean {
	if (!s.events.includes(event.kind)) return false;
	const m = event.message;
	if (!chatAllowed(event.chatId, chatKindOf(event.chatId, event.entities, m), s, p)) return false;
	const out = Boolean(m.out);
	if (s.direction === 'incoming' && out) return false;
	if (s.direction === 'outgoing' && !out) return false;
	if (s.skipService && m.className === 'MessageService') return false;
	if (s.skipForwarded && m.fwdFrom) return false;
	const sender = senderIdOf(m, event.chatId, selfId);
	if (p.from && (!sender || !p.from.has(sender))) return false;
	if (s.skipBots && sender && event.entities.get(sender)?.bot) return false;
	if (!textAllowed(typeof m.message === 'string' ? m.message : '', s)) return false;
	return mediaAllowed(m, s);
}

/**
 * Deletions carry only ids: the chat filters apply when the chat is known (always for channels;
 * for private chats and groups when the trigger saw the message), the content filters do not.
 */
export function deletionMatches(event: DeletedEvent, s: TriggerSettings, p: PeerSets): boolean {
	if (!s.events.includes('deleted')) return false;
	if (!event.chatId) return !p.only && s.chatTypes.length === 3;
	return chatAllowed(event.chatId, chatKindOf(event.chatId), s, p);
}
