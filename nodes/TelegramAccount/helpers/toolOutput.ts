// The shape of what goes back to a model when the node runs as a tool. A workflow's items keep
// every field; a model pays for each character and reads nulls, hashes and ids of internal objects
// as noise, so messages shrink to what a reader of the chat sees (docs/decisions/0009-ai-tool-use.md).
import type { IDataObject } from 'n8n-workflow';

const PHONE_KEYS = new Set(['phone', 'phoneNumber']);
/** Content hashes help deduplicate in a workflow; to a model they are noise. */
const NOISE_KEYS = new Set(['textHash', 'mediaHash']);
/**
 * What a reader of the media needs to know about it (its internal id and frame size are not); a
 * download run as a tool says there why no file came.
 */
const MEDIA_KEYS = ['type', 'fileName', 'mimeType', 'size', 'duration', 'fileNotPassed'];

type Json = IDataObject[keyof IDataObject];

const isEmpty = (value: unknown): boolean =>
	value === null ||
	value === undefined ||
	value === '' ||
	(Array.isArray(value) && value.length === 0) ||
	(typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);

const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** No null, empty or hash fields at any depth, and no phone numbers unless allowed. */
export function compactJson(value: unknown, phones: boolean): unknown {
	if (Array.isArray(value)) return value.map((v) => compactJson(v, phones));
	if (!isObject(value)) return value;
	const out: IDataObject = {};
	for (const [key, inner] of Object.entries(value)) {
		if (NOISE_KEYS.has(key) || (!phones && PHONE_KEYS.has(key))) continue;
		const kept = compactJson(inner, phones);
		if (!isEmpty(kept)) out[key] = kept as Json;
	}
	return out;
}

/** A message as the shared serializer writes it (every message output of the node). */
export function isMessageJson(json: IDataObject): boolean {
	return typeof json.id === 'number' && 'isOutgoing' in json && 'sender' in json && 'date' in json;
}

function pick(source: unknown, keys: string[]): IDataObject | undefined {
	if (!isObject(source)) return undefined;
	const out: IDataObject = {};
	for (const key of keys) if (!isEmpty(source[key])) out[key] = source[key];
	return Object.keys(out).length ? out : undefined;
}

/**
 * A message for a model: id, chat, date, sender, text, media summary, reply and forward origin;
 * flags only when they say something (an outgoing message, an edit, a service action).
 */
export function compactMessage(json: IDataObject, phones: boolean): IDataObject {
	const reply = isObject(json.replyTo) ? json.replyTo : undefined;
	const forward = isObject(json.forward) ? json.forward : undefined;
	const album = isObject(json.album) ? json.album : undefined;
	const message: IDataObject = {
		id: json.id,
		chatId: json.chatId,
		date: json.date,
		sender: pick(json.sender, ['id', 'name', 'username']),
		isOutgoing: json.isOutgoing === true ? true : undefined,
		text: json.text,
		media: pick(json.media, MEDIA_KEYS),
		replyToId: reply?.messageId,
		forwardedFrom: forward ? (forward.fromName ?? forward.fromId) : undefined,
		edited: json.editDate,
		action: json.action,
		event: json.event,
		album: album
			? {
					count: album.count,
					messages: Array.isArray(album.messages)
						? (album.messages as IDataObject[]).map((m) => compactMessage(m, phones))
						: undefined,
				}
			: undefined,
	};
	return compactJson(message, phones) as IDataObject;
}

/** Collect History's run summary, cut to what tells a model whether it saw everything. */
export function compactSummary(json: IDataObject): IDataObject {
	const perChat = Array.isArray(json.perChat) ? (json.perChat as IDataObject[]) : [];
	const stopped = [...new Set(perChat.map((c) => c.stoppedBy).filter((s) => s))];
	const errors = perChat
		.filter((c) => typeof c.error === 'string')
		.map((c) => ({ chat: c.chat, error: c.error }));
	return compactJson(
		{
			isSummary: true,
			messages: json.messages,
			stoppedBy: stopped.length ? stopped.join(', ') : undefined,
			errors,
		},
		false,
	) as IDataObject;
}

/** What a model gets for one output item. */
export function modelJson(json: IDataObject, phones: boolean): IDataObject {
	if (json.isSummary === true) return compactSummary(json);
	if (isMessageJson(json)) return compactMessage(json, phones);
	return compactJson(json, phones) as IDataObject;
}
