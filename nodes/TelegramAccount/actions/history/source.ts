// The three history requests Telegram pages the same way (offset_id, min_id, max_id, limit):
// plain history, search (text, sender, media filter) and a post's replies.
import { Api, toLong, type TelegramAccountClient } from '../../../shared/transport/client';
import type { Tl } from '../../../shared/transport/serialize';

/** Telegram's largest history page. */
export const PAGE_SIZE = 100;

export const MEDIA_FILTERS = [
	'any',
	'photos',
	'videos',
	'photosVideos',
	'documents',
	'voice',
	'music',
	'roundVideos',
	'gifs',
	'links',
] as const;
export type MediaFilter = (typeof MEDIA_FILTERS)[number];

export interface SourceSettings {
	peer: Api.TypeInputPeer;
	search: string;
	fromPeer?: Api.TypeInputPeer;
	mediaFilter: MediaFilter;
	/** Collect the replies (comments) of this post instead of the chat's history. */
	threadOf?: number;
}

export interface PageQuery {
	/** Messages with an id below this one (0: from the newest). */
	offsetId: number;
	/** Messages with an id above this one. */
	minId: number;
	limit: number;
	addOffset?: number;
}

export interface RawPage {
	messages: Tl[];
	users: Tl[];
	chats: Tl[];
}

export type PageSource = (query: PageQuery) => Promise<RawPage>;

function filterOf(filter: MediaFilter): Api.TypeMessagesFilter {
	switch (filter) {
		case 'photos':
			return new Api.InputMessagesFilterPhotos();
		case 'videos':
			return new Api.InputMessagesFilterVideo();
		case 'photosVideos':
			return new Api.InputMessagesFilterPhotoVideo();
		case 'documents':
			return new Api.InputMessagesFilterDocument();
		case 'voice':
			return new Api.InputMessagesFilterVoice();
		case 'music':
			return new Api.InputMessagesFilterMusic();
		case 'roundVideos':
			return new Api.InputMessagesFilterRoundVideo();
		case 'gifs':
			return new Api.InputMessagesFilterGif();
		case 'links':
			return new Api.InputMessagesFilterUrl();
		default:
			return new Api.InputMessagesFilterEmpty();
	}
}

function pageOf(answer: Api.messages.TypeMessages): RawPage {
	if (answer instanceof Api.messages.MessagesNotModified)
		return { messages: [], users: [], chats: [] };
	return {
		messages: answer.messages as unknown as Tl[],
		users: answer.users as unknown as Tl[],
		chats: answer.chats as unknown as Tl[],
	};
}

/** True when only getHistory's plain paging is needed (no search, sender or media filter). */
export function isPlainHistory(s: SourceSettings): boolean {
	return !s.search && !s.fromPeer && s.mediaFilter === 'any' && s.threadOf === undefined;
}

export function pageSource(client: TelegramAccountClient, s: SourceSettings): PageSource {
	const common = (q: PageQuery) => ({
		offsetId: q.offsetId,
		offsetDate: 0,
		addOffset: q.addOffset ?? 0,
		limit: q.limit,
		maxId: 0,
		minId: q.minId,
		hash: toLong(0),
	});
	if (s.threadOf !== undefined) {
		const msgId = s.threadOf;
		return async (q) =>
			pageOf(
				await client.invoke(new Api.messages.GetReplies({ peer: s.peer, msgId, ...common(q) })),
			);
	}
	if (isPlainHistory(s)) {
		return async (q) =>
			pageOf(await client.invoke(new Api.messages.GetHistory({ peer: s.peer, ...common(q) })));
	}
	const filter = filterOf(s.mediaFilter);
	return async (q) =>
		pageOf(
			await client.invoke(
				new Api.messages.Search({
					peer: s.peer,
					q: s.search,
					fromId: s.fromPeer,
					filter,
					minDate: 0,
					maxDate: 0,
					...common(q),
				}),
			),
		);
}

/**
 * The id of the newest message dated before `date` (unix seconds), 0 if none: turns a date range
 * into an id range, so paging stays by id (dates grow with ids in a chat).
 */
export async function lastIdBefore(
	client: TelegramAccountClient,
	peer: Api.TypeInputPeer,
	date: number,
): Promise<number> {
	const answer = await client.invoke(
		new Api.messages.GetHistory({
			peer,
			offsetId: 0,
			offsetDate: date,
			addOffset: 0,
			limit: 1,
			maxId: 0,
			minId: 0,
			hash: toLong(0),
		}),
	);
	const first = pageOf(answer).messages[0];
	return first ? Number(first.id) : 0;
}

/** The id of the n-th newest message (1 = newest) of a source, 0 if it has fewer. */
export async function nthNewestId(source: PageSource, n: number): Promise<number> {
	const page = await source({ offsetId: 0, minId: 0, limit: 1, addOffset: Math.max(0, n - 1) });
	const first = page.messages[0];
	return first ? Number(first.id) : 0;
}
