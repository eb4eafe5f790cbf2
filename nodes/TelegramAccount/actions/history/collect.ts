// Collects one chat: resolves it, turns dates, ids and the incremental position into an id
// range, pages it exactly (pagination.ts), and says where the next incremental run starts.
import type { IDataObject } from 'n8n-workflow';

import type { Api, TelegramAccountClient } from '../../../shared/transport/client';
import { floodWaitSeconds } from '../../../shared/transport/errors';
import { resolvePeer } from '../../../shared/transport/peers';
import { indexEntities, serializeMessage, type Tl } from '../../../shared/transport/serialize';
import { mediaHash, textHash } from './hashing';
import { collectRange, type RangeStats } from './pagination';
import type { CollectSettings } from './settings';
import { isPlainHistory, lastIdBefore, nthNewestId, pageSource, type RawPage } from './source';
import { readChatState, writeChatState } from './state';
import { emptyChatSummary, type ChatSummary } from './summary';

export interface Collected {
	id: number;
	json: IDataObject;
	/** Kept only when media is to be downloaded. */
	raw?: Tl;
}

export interface ChatContext {
	client: TelegramAccountClient;
	settings: CollectSettings;
	staticData: IDataObject;
	selfId?: string;
	fromPeer?: Api.TypeInputPeer;
	/** Receives each batch in output order; may download media before keeping it. */
	emit(batch: Collected[]): Promise<void>;
}

function converter(ctx: ChatContext): (page: RawPage) => Collected[] {
	const { settings: s, selfId } = ctx;
	return (page) => {
		const entities = indexEntities(page.users, page.chats);
		const out: Collected[] = [];
		for (const m of page.messages) {
			if (m.className === 'MessageEmpty') continue;
			if (!s.includeService && m.className === 'MessageService') continue;
			const date = Number(m.date);
			if ((s.fromDate && date < s.fromDate) || (s.toDate && date > s.toDate)) continue;
			const json = serializeMessage(m, { entities, selfId });
			json.textHash = textHash(String(json.text ?? ''));
			json.mediaHash = mediaHash(m.media as Tl | undefined);
			out.push({ id: Number(m.id), json, raw: s.media && m.media ? m : undefined });
		}
		return out;
	};
}

export async function collectChat(ctx: ChatContext, chat: string): Promise<ChatSummary> {
	const { client } = ctx;
	let s = ctx.settings;
	const summary = emptyChatSummary(chat);
	const target = await resolvePeer(client, chat);
	summary.chatId = target.chatId;
	const peer = target.inputPeer;
	const source = pageSource(client, {
		peer,
		search: s.search,
		fromPeer: ctx.fromPeer,
		mediaFilter: s.mediaFilter,
		threadOf: s.threadOf,
	});
	// Replies live in the discussion group: their ids are not the channel's, so no id probes.
	const sameIds = s.threadOf === undefined;
	let lower = s.minId ? s.minId - 1 : 0;
	let upper = s.maxId || Infinity;
	if (s.offsetId) upper = Math.min(upper, s.offsetId - 1);
	if (sameIds && s.fromDate) lower = Math.max(lower, await lastIdBefore(client, peer, s.fromDate));
	if (sameIds && s.toDate) upper = Math.min(upper, await lastIdBefore(client, peer, s.toDate + 1));

	const stateKey = s.threadOf === undefined ? target.chatId : `${target.chatId}/${s.threadOf}`;
	const previous = s.incremental ? readChatState(ctx.staticData, stateKey) : undefined;
	if (previous) lower = Math.max(lower, previous.lastId);
	else if (s.incremental?.firstRun === 'since' && s.incremental.since) {
		const since = s.incremental.since;
		// Thread ids are not the chat's: the date then only filters what is read.
		if (sameIds) lower = Math.max(lower, await lastIdBefore(client, peer, since));
		else s = { ...s, fromDate: Math.max(s.fromDate ?? 0, since) };
	} else if (s.incremental?.firstRun === 'last') {
		lower = Math.max(lower, (await nthNewestId(source, s.incremental.count)) - 1);
	} else if (s.incremental?.firstRun === 'none') {
		const top = await nthNewestId(source, 1);
		writeChatState(ctx.staticData, stateKey, top);
		summary.savedPosition = top || null;
		return summary;
	}
	if (upper <= lower) return summary;

	// A capped incremental run goes oldest first, so the next run continues without a gap.
	const order = s.incremental && s.limit !== undefined ? 'oldestFirst' : s.order;
	const stats: RangeStats = { top: 0, requests: 0 };
	// The oldest page pays off when the run reads down to the chat's start (all, or oldest first).
	const oldestPage =
		isPlainHistory({ ...s, peer, fromPeer: ctx.fromPeer }) &&
		(s.limit === undefined || order === 'oldestFirst');
	const range = { lower, upper, order, concurrency: s.concurrency, oldestPage } as const;
	let lastEmitted = 0;
	let failure: unknown;
	try {
		for await (const batch of collectRange(
			source,
			range,
			converter({ ...ctx, settings: s }),
			stats,
		)) {
			const room = s.limit === undefined ? batch.length : s.limit - summary.messages;
			const kept = batch.length > room ? batch.slice(0, room) : batch;
			if (kept.length) {
				await ctx.emit(kept);
				summary.messages += kept.length;
				lastEmitted = kept[kept.length - 1].id;
				const low = Math.min(kept[0].id, lastEmitted);
				const high = Math.max(kept[0].id, lastEmitted);
				summary.firstId = Math.min(summary.firstId ?? low, low);
				summary.lastId = Math.max(summary.lastId ?? high, high);
			}
			if (s.limit !== undefined && summary.messages >= s.limit) {
				summary.stoppedBy = 'limit';
				break;
			}
		}
	} catch (error) {
		failure = error;
	} finally {
		summary.requests = stats.requests;
	}
	if (failure !== undefined) {
		if (floodWaitSeconds(failure) === undefined || s.onFloodWait === 'fail')
			return await Promise.reject(failure);
		summary.partial = true;
		summary.stoppedBy = 'floodWait';
	}
	if (s.incremental) {
		const complete = summary.stoppedBy === null;
		const position = complete ? stats.top : order === 'oldestFirst' ? lastEmitted : 0;
		writeChatState(ctx.staticData, stateKey, position);
		summary.savedPosition = readChatState(ctx.staticData, stateKey)?.lastId ?? null;
	}
	return summary;
}
