// What one execution of the trigger receives: a message (or an album, or a deletion) as plain JSON
// from the shared serializer, so `{{ $json.chatId }}` feeds Send Text as is.
import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import { serializeMessage, type Tl } from '../shared/transport/serialize';
import type { DeletedEvent, MessageEvent, UpdateEvent } from '../shared/updates/types';
import { chatKindOf } from './filters';
import type { PendingEntry } from './position';

/** One emit: a message, the parts of an album, or one deletion. */
export interface Delivery {
	kind: UpdateEvent['kind'];
	chatId: string;
	events: UpdateEvent[];
	/** De-duplication keys of every part (the first one names the delivery). */
	keys: string[];
	entries: PendingEntry[];
	catchUp: boolean;
}

/** Texts of messages the trigger saw, so a deletion can say what was deleted. */
export interface SeenText {
	chatId: string;
	text: string;
}

/** Stable key of an event: chat + message id (+ edit date for edits, ids for deletions). */
export function eventKey(event: UpdateEvent): string {
	if (event.kind === 'deleted') {
		const ids = event.messageIds.join(',');
		const body = `${event.chatId || event.position.box}:d:${ids}`;
		return body.length <= 120 ? body : `${event.chatId}:d#${hash(ids)}`;
	}
	const m = event.message;
	const base = `${event.chatId}:${String(m.id)}`;
	return event.kind === 'edited' ? `${base}:e${String(m.editDate ?? 0)}` : base;
}

function hash(text: string): string {
	return createHash('sha1').update(text).digest('hex').slice(0, 16);
}

/** n8n's execution deduplication key: unique across the whole instance, at most 255 characters. */
export function executionKey(workflowId: string, nodeId: string, key: string): string {
	const full = `telegram-account:${workflowId}:${nodeId}:${key}`;
	return full.length <= 255 ? full : `telegram-account:${hash(full)}`;
}

/** Memory key of a message id: private chats and basic groups share one id sequence. */
export function textKey(chatId: string, id: number): string {
	return chatId.startsWith('-100') ? `${chatId}:${id}` : `common:${id}`;
}

function messageJson(event: MessageEvent, selfId?: string): IDataObject {
	return serializeMessage(event.message, { entities: event.entities, selfId });
}

function albumJson(events: MessageEvent[], selfId?: string): IDataObject {
	const parts = events.map((e) => messageJson(e, selfId));
	// The caption sits on one part (usually the first): the item shows that part's text.
	const main = parts.find((p) => p.text) ?? parts[0];
	return {
		...main,
		album: { groupedId: parts[0].groupedId, count: parts.length, messages: parts },
	};
}

function deletionJson(
	event: DeletedEvent,
	texts: Map<string, SeenText>,
	chatId: string,
): IDataObject {
	return {
		chatId: chatId || null,
		chatType: chatId ? (chatKindOf(chatId) ?? null) : null,
		messageIds: event.messageIds,
		messages: event.messageIds.map((id) => {
			const seen = texts.get(textKey(chatId || '0', id));
			return { id, text: seen ? seen.text : null };
		}),
	};
}

export function deliveryJson(
	d: Delivery,
	texts: Map<string, SeenText>,
	selfId?: string,
): IDataObject {
	const body =
		d.kind === 'deleted'
			? deletionJson(d.events[0] as DeletedEvent, texts, d.chatId)
			: d.events.length > 1
				? albumJson(d.events as MessageEvent[], selfId)
				: messageJson(d.events[0] as MessageEvent, selfId);
	return { event: d.kind, ...body, isCatchUp: d.catchUp };
}

/** The GramJS message of a delivery that carries media to download (the first with media). */
export function mediaMessages(d: Delivery): Tl[] {
	if (d.kind === 'deleted') return [];
	return (d.events as MessageEvent[])
		.map((e) => e.message)
		.filter((m) => m.media && (m.media as Tl).className !== 'MessageMediaEmpty');
}
