// Filling a gap or a downtime from the server: updates.getDifference (every slice),
// updates.getChannelDifference (100 at a time for a user account), and recent history per dialog
// when Telegram says the gap is too long to replay.
import { markedId } from '../transport/peerReference';
import { chatIdOf, type Tl } from '../transport/serialize';
import type { EntityStore } from './entities';
import { eventsOf, messageEvent } from './events';
import type { UpdateFeed } from './feed';
import { changeOf } from './normalize';
import type { Delivery } from './subscriber';
import type { EventPosition, UpdateState } from './types';

/** getChannelDifference's limit for a user account (bots may ask for more). */
export const CHANNEL_DIFF_LIMIT = 100;
/** Messages per dialog refetched after differenceTooLong / channelDifferenceTooLong. */
export const HISTORY_LIMIT = 100;
/** Dialogs whose recent history is refetched after differenceTooLong. */
export const DIALOG_LIMIT = 100;
/** Pages of one difference before giving up (a server that never says final). */
const MAX_ROUNDS = 10_000;

export interface CommonPosition {
	pts: number;
	qts: number;
	date: number;
	seq: number;
}

export interface DiffTarget {
	/** Where the difference starts (read before each request). */
	readonly state: UpdateState;
	/** Unix seconds: refetched history older than this is not handed out again. */
	readonly floor: number;
	readonly store: EntityStore;
	/** One batch in order: the position it reaches and its events. */
	commit(batch: Delivery[], common?: CommonPosition, channel?: { id: string; pts: number }): void;
	/** Stops a catch-up in progress (the subscriber left). */
	readonly signal?: AbortSignal;
}

function aborted(target: DiffTarget): boolean {
	return target.signal?.aborted ?? false;
}

function messages(list: unknown): Tl[] {
	return Array.isArray(list) ? (list as Tl[]) : [];
}

/** Events of recovered messages, oldest first, none older than `floor` when it applies. */
function recovered(list: Tl[], position: EventPosition, target: DiffTarget, floor = 0): Delivery[] {
	// The highest id handed out in this box is exact; the date floor is the fallback.
	const maxId = target.state.maxIds?.[position.box];
	const fresh = (m: Tl) =>
		maxId !== undefined && typeof m.id === 'number'
			? m.id > maxId
			: typeof m.date !== 'number' || m.date >= floor;
	return list
		.filter(fresh)
		.sort((a, b) => (a.date as number) - (b.date as number) || (a.id as number) - (b.id as number))
		.map((m) => messageEvent('new', m, position, true, target.store))
		.filter((e) => e !== undefined)
		.map((event) => ({ event, exact: false }));
}

/** Oldest first; within one second, by box and then id (ids grow with time within a box). */
function byDateThenId(a: Delivery, b: Delivery): number {
	const key = (d: Delivery) =>
		d.event.kind === 'deleted'
			? [0, 0]
			: [d.event.message.date as number, d.event.message.id as number];
	const [da, ia] = key(a);
	const [db, ib] = key(b);
	if (da !== db) return da - db;
	if (a.event.position.box !== b.event.position.box)
		return a.event.position.box < b.event.position.box ? -1 : 1;
	return ia - ib;
}

/**
 * The account box's difference until final. Returns the channels the server hinted at (they have
 * news the account box does not carry) with the pts each hint gave, if any.
 */
export async function commonDifference(
	feed: UpdateFeed,
	target: DiffTarget,
): Promise<Map<string, number | undefined>> {
	const hints = new Map<string, number | undefined>();
	for (let round = 0; round < MAX_ROUNDS && !aborted(target); round++) {
		const { pts, qts, date } = target.state;
		const d = await feed.getDifference({ pts, qts, date });
		if (aborted(target)) break;
		if (d.className === 'updates.DifferenceEmpty') {
			target.commit([], { pts, qts, date: d.date as number, seq: d.seq as number });
			break;
		}
		if (d.className === 'updates.DifferenceTooLong') {
			const floor = target.floor;
			await recentHistory(feed, target, d.pts as number, floor);
			continue;
		}
		target.store.add([...messages(d.users), ...messages(d.chats)]);
		const state = (d.className === 'updates.Difference' ? d.state : d.intermediateState) as Tl;
		const at: EventPosition = { box: 'common', pts: state.pts as number };
		const batch = recovered(messages(d.newMessages), at, target);
		for (const update of messages(d.otherUpdates)) collectOther(update, at, target, batch, hints);
		const next = {
			pts: state.pts as number,
			qts: state.qts as number,
			date: state.date as number,
			seq: state.seq as number,
		};
		target.commit(batch, next);
		if (d.className === 'updates.Difference') break;
	}
	return hints;
}

function collectOther(
	update: Tl,
	at: EventPosition,
	target: DiffTarget,
	batch: Delivery[],
	hints: Map<string, number | undefined>,
): void {
	if (update.className === 'UpdateChannelTooLong') {
		hints.set(String(update.channelId), update.pts as number | undefined);
		return;
	}
	const change = changeOf(update);
	if (change && change.box !== 'common') {
		// A channel update the account's difference carried: its own box fetches it in order.
		hints.set(change.box, target.state.channels[change.box] === undefined ? undefined : change.pts);
		return;
	}
	for (const event of eventsOf(update, at, true, target.store)) batch.push({ event, exact: false });
}

/** A channel box's difference until final (or its recent history when it has no position). */
export async function channelDifference(
	feed: UpdateFeed,
	target: DiffTarget,
	id: string,
): Promise<void> {
	const channel = target.store.get(markedId('channel', id));
	if (!channel || channel.className !== 'Channel') return;
	if (target.state.channels[id] === undefined) {
		await channelHistory(feed, target, id, channel);
		return;
	}
	for (let round = 0; round < MAX_ROUNDS && !aborted(target); round++) {
		const from = target.state.channels[id];
		const d = await feed.getChannelDifference(channel, from, CHANNEL_DIFF_LIMIT);
		if (aborted(target)) break;
		target.store.add([...messages(d.users), ...messages(d.chats)]);
		let pts: number;
		let batch: Delivery[];
		if (d.className === 'updates.ChannelDifferenceTooLong') {
			pts = (d.dialog as Tl).pts as number;
			batch = recovered(messages(d.messages), { box: id, pts }, target, target.floor);
		} else {
			pts = d.pts as number;
			const at = { box: id, pts };
			batch = recovered(messages(d.newMessages), at, target);
			for (const update of messages(d.otherUpdates)) {
				for (const event of eventsOf(update, at, true, target.store))
					batch.push({ event, exact: false });
			}
		}
		target.commit(batch, undefined, { id, pts });
		if (d.final !== false) break;
	}
}

/** A channel the target has no position for: its recent messages since the floor. */
async function channelHistory(feed: UpdateFeed, target: DiffTarget, id: string, channel: Tl) {
	const h = await feed.getHistory(channel, HISTORY_LIMIT);
	if (aborted(target)) return;
	target.store.add([...messages(h.users), ...messages(h.chats)]);
	const pts = typeof h.pts === 'number' ? h.pts : 0;
	const batch = recovered(messages(h.messages), { box: id, pts }, target, target.floor);
	target.commit(batch, undefined, { id, pts });
}

/**
 * differenceTooLong: the account box jumps to `pts`, and the recent history of each recently
 * active dialog (messages since `floor`) stands in for the updates that cannot be replayed.
 */
async function recentHistory(feed: UpdateFeed, target: DiffTarget, pts: number, floor: number) {
	const dialogs = await feed.getDialogs(DIALOG_LIMIT);
	target.store.add([...messages(dialogs.users), ...messages(dialogs.chats)]);
	const tops = new Map<string, Tl>();
	for (const m of messages(dialogs.messages)) {
		const chatId = chatIdOf(m.peerId as Tl | undefined);
		if (chatId) tops.set(chatId, m);
	}
	const batch: Delivery[] = [];
	const channels: Array<{ id: string; pts: number }> = [];
	for (const dialog of messages(dialogs.dialogs)) {
		if (aborted(target)) return;
		const chatId = chatIdOf(dialog.peer as Tl | undefined);
		const entity = chatId ? target.store.get(chatId) : undefined;
		const top = chatId ? tops.get(chatId) : undefined;
		const peer = dialog.peer as Tl;
		const channelId = peer.className === 'PeerChannel' ? String(peer.channelId) : undefined;
		if (channelId && typeof dialog.pts === 'number')
			channels.push({ id: channelId, pts: dialog.pts });
		if (!entity || !top || (top.date as number) < floor) continue;
		const h = await feed.getHistory(entity, HISTORY_LIMIT);
		target.store.add([...messages(h.users), ...messages(h.chats)]);
		const at: EventPosition = channelId
			? { box: channelId, pts: dialog.pts as number }
			: { box: 'common', pts };
		batch.push(...recovered(messages(h.messages), at, target, floor));
	}
	batch.sort(byDateThenId);
	const { qts, seq } = target.state;
	target.commit(batch, { pts, qts, date: target.state.date, seq });
	for (const channel of channels) target.commit([], undefined, channel);
}
