// Stable fingerprints a downstream store uses to drop reposts: the same words or the same file
// give the same hash whatever message, chat or forward carries them.
import { createHash } from 'crypto';

import type { Tl } from '../../../shared/transport/serialize';

const INVISIBLE = /[\u200b-\u200f\u2060\ufeff\u00ad]/g;

/** NFKC, lower case, no invisible characters, runs of whitespace as one space. */
export function normalizeText(text: string): string {
	return text.normalize('NFKC').replace(INVISIBLE, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function digest(value: string): string {
	return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 32);
}

/** Hash of the normalised text; null for a message without text. */
export function textHash(text: string): string | null {
	const normal = normalizeText(text);
	return normal ? digest(`text:${normal}`) : null;
}

/**
 * What identifies a media file: Telegram keeps a photo's or document's id when it is forwarded
 * or re-sent, so the id is the identity; other media use their defining fields.
 */
export function mediaIdentity(media: Tl | undefined): string | null {
	if (!media || media.className === 'MessageMediaEmpty') return null;
	const inner = (media.photo ?? media.document) as Tl | undefined;
	if (inner && inner.id !== undefined) return `${inner.className}:${String(inner.id)}`;
	const geo = media.geo as Tl | undefined;
	if (geo && geo.lat !== undefined) return `geo:${String(geo.lat)},${String(geo.long)}`;
	const webpage = media.webpage as Tl | undefined;
	if (webpage && typeof webpage.url === 'string') return `webpage:${webpage.url}`;
	if (typeof media.phoneNumber === 'string') return `contact:${media.phoneNumber}`;
	const poll = media.poll as Tl | undefined;
	if (poll && poll.id !== undefined) return `poll:${String(poll.id)}`;
	return null;
}

/** Hash of the media identity; null for a message without media. */
export function mediaHash(media: Tl | undefined): string | null {
	const identity = mediaIdentity(media);
	return identity ? digest(`media:${identity}`) : null;
}
