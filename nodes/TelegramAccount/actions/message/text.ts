// Message text: Markdown / HTML parsed into Telegram entities with GramJS's own parsers, and
// texts over Telegram's limit split at paragraph, line or word boundaries with entities clipped.
import type { Api, TelegramAccountClient } from '../../../shared/transport/client';
import { InputError } from '../../../shared/transport/errors';

export const PARSE_MODES = ['none', 'markdown', 'html'] as const;
export type ParseMode = (typeof PARSE_MODES)[number];

/** Telegram's limits, in UTF-16 code units as its servers count them. */
export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

export interface ParsedText {
	text: string;
	entities: Api.TypeMessageEntity[];
}

export function parseText(
	client: TelegramAccountClient,
	text: string,
	mode: ParseMode,
): ParsedText {
	if (mode === 'none') return { text, entities: [] };
	const [plain, entities] = client.textParser(mode).parse(text);
	return { text: plain, entities };
}

/** Where to cut `text` so the first part is at most `limit` long: a paragraph, line, word, or hard cut. */
function cutAt(text: string, start: number, limit: number): number {
	const end = start + limit;
	if (end >= text.length) return text.length;
	const window = text.slice(start, end);
	for (const separator of ['\n\n', '\n', ' ']) {
		const at = window.lastIndexOf(separator);
		if (at > limit / 2) return start + at + separator.length;
	}
	// Never split a surrogate pair (an emoji) in two.
	const code = text.charCodeAt(end - 1);
	return code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
}

function clip(
	entity: Api.TypeMessageEntity,
	start: number,
	end: number,
): Api.TypeMessageEntity | undefined {
	const from = Math.max(entity.offset, start);
	const to = Math.min(entity.offset + entity.length, end);
	if (to <= from) return undefined;
	const copy = Object.assign(
		Object.create(Object.getPrototypeOf(entity) as object) as object,
		entity,
	);
	return Object.assign(copy, { offset: from - start, length: to - from }) as Api.TypeMessageEntity;
}

/** Splits a parsed text into parts of at most `limit`, in order, each with its own entities. */
export function splitText(parsed: ParsedText, limit = MAX_TEXT): ParsedText[] {
	const parts: ParsedText[] = [];
	let start = 0;
	while (start < parsed.text.length) {
		const end = cutAt(parsed.text, start, limit);
		const entities = parsed.entities
			.map((e) => clip(e, start, end))
			.filter((e): e is Api.TypeMessageEntity => e !== undefined);
		parts.push({ text: parsed.text.slice(start, end), entities });
		start = end;
	}
	return parts;
}

export const LONG_TEXT_MODES = ['split', 'reject'] as const;
export type LongTextMode = (typeof LONG_TEXT_MODES)[number];

/** The parts to send for one text, or a clear error when it is over the limit and must not be split. */
export function textParts(parsed: ParsedText, mode: LongTextMode): ParsedText[] {
	if (!parsed.text.trim()) throw new InputError('The text is empty', 'Give the text to send.');
	if (parsed.text.length <= MAX_TEXT) return [parsed];
	if (mode === 'reject') {
		throw new InputError(
			`The text has ${parsed.text.length} characters; Telegram allows ${MAX_TEXT} per message`,
			'Shorten it, or set "Text Over the Limit" to Split to send it as several messages in order.',
		);
	}
	return splitText(parsed);
}
