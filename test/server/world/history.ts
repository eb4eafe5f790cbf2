// History pagination as messages.getHistory / messages.search define it
// (core.telegram.org/api/offsets): newest first; the window starts after offset_id (or
// offset_date), shifted by add_offset, `limit` long; min_id / max_id then filter the window.
import { Api } from 'telegram';
import { lowerBound } from './ids';
import type { MsgRec } from './types';

export interface HistoryQuery {
	offsetId?: number;
	offsetDate?: number;
	addOffset?: number;
	limit?: number;
	maxId?: number;
	minId?: number;
}

export interface Page {
	/** Message ids, newest first. */
	ids: number[];
	/** Position of the window's first message counted from the newest (when an offset was given). */
	offsetIdOffset?: number;
}

/** Telegram caps a history page at 100 messages. */
export const MAX_PAGE = 100;

/**
 * @param asc message ids in ascending order
 * @param dateOf date of a message id (dates grow with ids)
 */
export function historyPage(asc: number[], dateOf: (id: number) => number, q: HistoryQuery): Page {
	const n = asc.length;
	// Telegram answers a limit of 0 with a default page of about 20.
	const limit = Math.min(q.limit && q.limit > 0 ? q.limit : 20, MAX_PAGE);
	let pos = 0;
	let hasOffset = false;
	if (q.offsetId && q.offsetId > 0) {
		pos = n - lowerBound(asc, q.offsetId);
		hasOffset = true;
	} else if (q.offsetDate && q.offsetDate > 0) {
		// Messages dated at or after offset_date come before the window.
		let lo = 0;
		let hi = n;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (dateOf(asc[mid]) < q.offsetDate) lo = mid + 1;
			else hi = mid;
		}
		pos = n - lo;
		hasOffset = true;
	}
	const start = Math.max(0, pos + (q.addOffset ?? 0));
	const end = Math.min(n, pos + (q.addOffset ?? 0) + limit);
	const ids: number[] = [];
	for (let i = start; i < end; i++) {
		const id = asc[n - 1 - i];
		if (q.maxId && id >= q.maxId) continue;
		if (q.minId && id <= q.minId) continue;
		ids.push(id);
	}
	return { ids, offsetIdOffset: hasOffset ? start : undefined };
}

export type SearchFilter =
	| 'empty'
	| 'photos'
	| 'video'
	| 'photoVideo'
	| 'document'
	| 'url'
	| 'voice'
	| 'music'
	| 'roundVoice'
	| 'roundVideo'
	| 'gif';

export function filterOf(f: unknown): SearchFilter {
	if (f instanceof Api.InputMessagesFilterPhotos) return 'photos';
	if (f instanceof Api.InputMessagesFilterVideo) return 'video';
	if (f instanceof Api.InputMessagesFilterPhotoVideo) return 'photoVideo';
	if (f instanceof Api.InputMessagesFilterDocument) return 'document';
	if (f instanceof Api.InputMessagesFilterUrl) return 'url';
	if (f instanceof Api.InputMessagesFilterVoice) return 'voice';
	if (f instanceof Api.InputMessagesFilterMusic) return 'music';
	if (f instanceof Api.InputMessagesFilterRoundVoice) return 'roundVoice';
	if (f instanceof Api.InputMessagesFilterRoundVideo) return 'roundVideo';
	if (f instanceof Api.InputMessagesFilterGif) return 'gif';
	return 'empty';
}

const URL_RE = /https?:\/\/|www\./i;

export function matchesFilter(rec: MsgRec, f: SearchFilter): boolean {
	const m = rec.core.media;
	const k = m?.kind === 'photo' ? 'photo' : m?.docKind;
	switch (f) {
		case 'empty':
			return true;
		case 'photos':
			return k === 'photo';
		case 'video':
			return k === 'video';
		case 'photoVideo':
			return k === 'photo' || k === 'video';
		case 'document':
			return k === 'file';
		case 'url':
			return URL_RE.test(rec.core.text);
		case 'voice':
			return k === 'voice';
		case 'music':
			return k === 'audio';
		case 'roundVoice':
			return k === 'round' || k === 'voice';
		case 'roundVideo':
			return k === 'round';
		case 'gif':
			return k === 'animation';
	}
}

export interface SearchQuery {
	q?: string;
	fromId?: number;
	filter: SearchFilter;
	minDate?: number;
	maxDate?: number;
}

export function matchesSearch(rec: MsgRec, s: SearchQuery): boolean {
	if (rec.core.action) return false;
	if (s.q && !rec.core.text.toLowerCase().includes(s.q.toLowerCase())) return false;
	if (s.fromId !== undefined && (rec.core.post || rec.core.fromId !== s.fromId)) return false;
	if (s.minDate && rec.core.date < s.minDate) return false;
	if (s.maxDate && rec.core.date > s.maxDate) return false;
	return matchesFilter(rec, s.filter);
}
