// updates.getDifference / getChannelDifference from the pts log of a box or a channel: exact
// replay of what happened after the client's pts, in slices, or "too long" past a threshold.
// As Telegram documents it: pts_total_limit is not a slice size but a "too long" bound
// (pts + pts_total_limit < remote pts → differenceTooLong); a slice carries the state reached
// after it; a channel difference holds at most `limit` messages (100 for user accounts).
import { Api } from 'telegram';
import type { TLObject } from '../core/types';
import { channelPeer, long, toNum } from './ids';
import { messageTl, notifySettings, peerObj, Refs, renderChannel } from './render';
import type { Box, ChannelRec, LogEntry, MsgStore } from './types';
import type { World } from './world';

const ISSUED_KEPT = 16;

/** The account's current state, remembered with its channels' pts (see channelHints). */
export function boxState(w: World, box: Box): Api.updates.State {
	const date = w.now();
	const channels = new Map<number, number>();
	for (const d of box.dialogs.values()) {
		const ch = d.peer.type === 'channel' ? w.channels.get(d.peer.id) : undefined;
		if (ch) channels.set(ch.id, ch.pts);
	}
	// States handed out in the same second share a date: the latest one wins (a client holding
	// an older one of that second may then miss a hint; real Telegram, keyed by date, would
	// rather repeat one).
	const issued = (box.issued ??= []).filter((i) => i.date !== date);
	issued.push({ date, channels });
	box.issued = issued.slice(-ISSUED_KEPT);
	return new Api.updates.State({ pts: box.pts, qts: box.qts, date, seq: box.seq, unreadCount: 0 });
}

/** Index of the first log entry whose step ends after `pts`. */
function firstAfter(log: LogEntry[], pts: number): number {
	let lo = 0;
	let hi = log.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (log[mid].pts <= pts) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

interface Replay {
	newMessages: TLObject[];
	otherUpdates: TLObject[];
	refs: Refs;
	/** pts after the last replayed entry, and that entry's date and account seq. */
	pts: number;
	date: number;
	seq?: number;
	more: boolean;
}

function replay(
	w: World,
	viewerId: number,
	store: MsgStore,
	fromPts: number,
	limit: number,
	channelId?: number,
): Replay {
	const refs = new Refs(w, viewerId);
	const newMessages: TLObject[] = [];
	const otherUpdates: TLObject[] = [];
	let i = firstAfter(store.log, fromPts);
	let pts = fromPts;
	let date = w.now();
	let seq: number | undefined;
	let steps = 0;
	for (; i < store.log.length && steps < limit; i++) {
		const e = store.log[i];
		steps++;
		pts = e.pts;
		date = e.date;
		seq = e.seq;
		if (e.kind === 'new' || e.kind === 'edit') {
			const rec = store.msgs.get(e.ids[0]);
			if (!rec) continue;
			refs.msg(rec);
			const message = messageTl(w, viewerId, rec) as Api.TypeMessage;
			if (e.kind === 'new') newMessages.push(message);
			else if (channelId)
				otherUpdates.push(new Api.UpdateEditChannelMessage({ message, pts: e.pts, ptsCount: 1 }));
			else otherUpdates.push(new Api.UpdateEditMessage({ message, pts: e.pts, ptsCount: 1 }));
		} else if (e.kind === 'delete') {
			otherUpdates.push(
				channelId
					? new Api.UpdateDeleteChannelMessages({
							channelId: long(channelId),
							messages: e.ids,
							pts: e.pts,
							ptsCount: e.count,
						})
					: new Api.UpdateDeleteMessages({ messages: e.ids, pts: e.pts, ptsCount: e.count }),
			);
		} else if (e.update) {
			otherUpdates.push(e.update);
		}
	}
	return { newMessages, otherUpdates, refs, pts, date, seq, more: i < store.log.length };
}

export function boxDifference(
	w: World,
	box: Box,
	fromPts: number,
	ptsTotalLimit?: number,
	since = 0,
): TLObject {
	if (fromPts >= box.pts) {
		const hints = channelHints(w, box, since);
		// Recorded like any state handed out: the client takes this date as its own.
		if (!hints.length) {
			const { date, seq } = boxState(w, box);
			return new Api.updates.DifferenceEmpty({ date, seq });
		}
		const users: Api.TypeUser[] = [];
		const chats = hints.map((h) => renderChannel(w, box.ownerId, toNum(h.channelId)));
		const state = boxState(w, box);
		const empty = { newMessages: [], newEncryptedMessages: [], users };
		return new Api.updates.Difference({ ...empty, otherUpdates: hints, chats, state });
	}
	const oldest = box.log.length ? box.log[0].pts - box.log[0].count : box.pts;
	const overLimit = !!ptsTotalLimit && fromPts + ptsTotalLimit < box.pts;
	if (overLimit || box.pts - fromPts > w.diffTooLong || fromPts < oldest) {
		return new Api.updates.DifferenceTooLong({ pts: box.pts });
	}
	const r = replay(w, box.ownerId, box, fromPts, w.diffSliceLimit);
	const common = {
		newMessages: r.newMessages as Api.TypeMessage[],
		newEncryptedMessages: [],
		otherUpdates: r.otherUpdates as Api.TypeUpdate[],
		chats: r.refs.renderChats(),
		users: r.refs.renderUsers(),
	};
	if (r.more) {
		// The state reached after this slice: its pts, and the date and seq of its last step.
		const intermediateState = new Api.updates.State({
			pts: r.pts,
			qts: box.qts,
			date: r.date,
			seq: r.seq ?? box.seq,
			unreadCount: 0,
		});
		return new Api.updates.DifferenceSlice({ ...common, intermediateState });
	}
	const hints = channelHints(w, box, since);
	for (const h of hints) r.refs.peer(channelPeer(toNum(h.channelId)));
	return new Api.updates.Difference({
		...common,
		otherUpdates: [...common.otherUpdates, ...hints],
		chats: r.refs.renderChats(),
		state: boxState(w, box),
	});
}

/**
 * Channel messages are not in the account's box: like Telegram, the difference only says which
 * channels moved since the client's state (updateChannelTooLong) and the client asks each one.
 * A state this server handed out remembers its channels' pts, so asking again from it hints
 * only channels that moved since; an unknown date falls back to "a step at or after it".
 */
function channelHints(w: World, box: Box, since: number): Api.UpdateChannelTooLong[] {
	const out: Api.UpdateChannelTooLong[] = [];
	if (!since) return out;
	const issued = box.issued?.find((i) => i.date === since);
	for (const d of box.dialogs.values()) {
		if (d.peer.type !== 'channel') continue;
		const ch = w.channels.get(d.peer.id);
		const last = ch?.log[ch.log.length - 1];
		if (!ch || !last) continue;
		const known = issued?.channels.get(ch.id);
		const moved = known !== undefined ? ch.pts > known : last.date >= since;
		if (moved) out.push(new Api.UpdateChannelTooLong({ channelId: long(ch.id), pts: ch.pts }));
	}
	return out;
}

export function channelDifference(
	w: World,
	viewerId: number,
	ch: ChannelRec,
	fromPts: number,
	limit: number,
): TLObject {
	const timeout = 30;
	if (fromPts >= ch.pts)
		return new Api.updates.ChannelDifferenceEmpty({ final: true, pts: ch.pts, timeout });
	const oldest = ch.log.length ? ch.log[0].pts - ch.log[0].count : ch.pts;
	if (ch.pts - fromPts > w.channelDiffTooLong || fromPts < oldest) {
		const refs = new Refs(w, viewerId).peer(channelPeer(ch.id));
		const ids = ch.ids.slice(-Math.max(1, Math.min(limit, 100))).reverse();
		const recs = ids.map((id) => ch.msgs.get(id)!);
		refs.msgs(recs);
		const d = w.dialog(viewerId, channelPeer(ch.id));
		const dialog = new Api.Dialog({
			peer: peerObj(channelPeer(ch.id)),
			topMessage: ch.ids[ch.ids.length - 1] ?? 0,
			readInboxMaxId: d.readInboxMaxId,
			readOutboxMaxId: d.readOutboxMaxId,
			unreadCount: 0,
			unreadMentionsCount: 0,
			unreadReactionsCount: 0,
			notifySettings: notifySettings(),
			pts: ch.pts,
		});
		return new Api.updates.ChannelDifferenceTooLong({
			final: true,
			timeout,
			dialog,
			messages: recs.map((r) => messageTl(w, viewerId, r)) as Api.TypeMessage[],
			chats: refs.renderChats(),
			users: refs.renderUsers(),
		});
	}
	const r = replay(w, viewerId, ch, fromPts, Math.max(1, limit), ch.id);
	r.refs.peer(channelPeer(ch.id));
	return new Api.updates.ChannelDifference({
		final: !r.more,
		pts: r.pts,
		timeout,
		newMessages: r.newMessages as Api.TypeMessage[],
		otherUpdates: r.otherUpdates as Api.TypeUpdate[],
		chats: r.refs.renderChats(),
		users: r.refs.renderUsers(),
	});
}
