// Edits, deletions and read marks: each changes every copy of a message (or the channel), takes a
// pts step in each box concerned, and is pushed to whoever is connected.
import { Api } from 'telegram';
import type { SessionHandle } from '../core/types';
import { channelOwner, long, peerKey, removeSorted, userPeer } from './ids';
import { copyId, logStep, pushBox, storeOf, updatesOf } from './messaging';
import { messageTl, peerObj, Refs } from './render';
import type { Box, ChannelRec, MsgCore, MsgRec, MsgStore, PeerRef } from './types';
import type { World } from './world';

export function editMessage(
	w: World,
	owner: number,
	id: number,
	change: Partial<Pick<MsgCore, 'text' | 'entities' | 'media'>>,
	except?: SessionHandle,
): { rec: MsgRec; pts: number } {
	const rec = storeOf(w, owner)?.msgs.get(id);
	if (!rec) throw new Error(`no message ${id} in ${owner}`);
	const core = rec.core;
	if (change.text !== undefined) core.text = change.text;
	if (change.entities !== undefined) core.entities = change.entities;
	if (change.media !== undefined) core.media = change.media;
	core.editDate = w.now();
	core.version++;
	let ownPts = 0;
	for (const copy of core.copies) {
		const store = storeOf(w, copy.owner);
		const r = store?.msgs.get(copy.id);
		if (!store || !r) continue;
		const pts = logStep(w, store, 'edit', [copy.id]);
		if (copy.owner === owner) ownPts = pts;
		const viewers =
			copy.owner > 0 ? [copy.owner] : [...(w.channels.get(-copy.owner)?.members ?? [])];
		for (const v of viewers) {
			const message = () => messageTl(w, v, r) as Api.TypeMessage;
			const skip = v === owner || copy.owner < 0 ? except : undefined;
			if (copy.owner < 0) {
				const u = () => new Api.UpdateEditChannelMessage({ message: message(), pts, ptsCount: 1 });
				w.push(v, () => updatesOf(w, v, [u()], new Refs(w, v).msg(r)), skip);
			} else {
				const u = () => new Api.UpdateEditMessage({ message: message(), pts, ptsCount: 1 });
				pushBox(w, v, () => ({ updates: [u()], refs: new Refs(w, v).msg(r) }), skip);
			}
		}
	}
	return { rec, pts: ownPts };
}

/** Deletes from a user's box (and, with revoke, the other copies); returns the user's pts step. */
export function deleteMessages(
	w: World,
	userId: number,
	ids: number[],
	revoke: boolean,
	except?: SessionHandle,
): { pts: number; count: number } {
	const byOwner = new Map<number, number[]>();
	const box = w.box(userId);
	for (const id of ids) {
		const rec = box.msgs.get(id);
		if (!rec) continue;
		const copies = revoke ? rec.core.copies : rec.core.copies.filter((c) => c.owner === userId);
		for (const c of copies) {
			if (c.owner < 0) continue;
			byOwner.set(c.owner, [...(byOwner.get(c.owner) ?? []), c.id]);
		}
	}
	let own = { pts: box.pts, count: 0 };
	for (const [owner, list] of byOwner) {
		const b = w.box(owner);
		for (const id of list) removeFromStore(w, b, owner, id);
		const pts = logStep(w, b, 'delete', list);
		if (owner === userId) own = { pts, count: list.length };
		pushBox(
			w,
			owner,
			() => ({
				updates: [new Api.UpdateDeleteMessages({ messages: list, pts, ptsCount: list.length })],
				refs: new Refs(w, owner),
			}),
			owner === userId ? except : undefined,
		);
	}
	return own;
}

export function deleteChannelMessages(
	w: World,
	ch: ChannelRec,
	ids: number[],
	except?: SessionHandle,
): { pts: number; count: number } {
	const list = ids.filter((id) => ch.msgs.has(id));
	if (!list.length) return { pts: ch.pts, count: 0 };
	for (const id of list) removeFromStore(w, ch, channelOwner(ch.id), id);
	const pts = logStep(w, ch, 'delete', list);
	const u = () =>
		new Api.UpdateDeleteChannelMessages({
			channelId: long(ch.id),
			messages: list,
			pts,
			ptsCount: list.length,
		});
	for (const m of ch.members)
		w.push(
			m,
			() => updatesOf(w, m, [u()], new Refs(w, m).peer({ type: 'channel', id: ch.id })),
			except,
		);
	return { pts, count: list.length };
}

function removeFromStore(w: World, store: MsgStore, owner: number, id: number): void {
	const rec = store.msgs.get(id);
	if (!rec) return;
	store.msgs.delete(id);
	rec.core.copies = rec.core.copies.filter((c) => !(c.owner === owner && c.id === id));
	if (owner > 0) {
		const ids = (store as Box).byPeer.get(peerKey(rec.peer));
		if (ids) removeSorted(ids, id);
	} else {
		removeSorted((store as ChannelRec).ids, id);
	}
	void w;
}

/** Marks a private / group dialog read up to maxId and tells the sender (read outbox). */
export function readHistory(
	w: World,
	userId: number,
	peer: PeerRef,
	maxId: number,
	except?: SessionHandle,
): { pts: number; count: number } {
	const box = w.box(userId);
	const ids = box.byPeer.get(peerKey(peer)) ?? [];
	const top = ids[ids.length - 1] ?? 0;
	const d = w.dialog(userId, peer);
	const upTo = Math.min(maxId || top, top);
	if (upTo <= d.readInboxMaxId) return { pts: box.pts, count: 0 };
	d.readInboxMaxId = upTo;
	const inbox = new Api.UpdateReadHistoryInbox({
		peer: peerObj(peer),
		maxId: upTo,
		stillUnreadCount: 0,
		pts: box.pts + 1,
		ptsCount: 1,
	});
	const pts = logStep(w, box, 'other', [], inbox);
	pushBox(w, userId, () => ({ updates: [inbox], refs: new Refs(w, userId).peer(peer) }), except);
	if (peer.type === 'user' && peer.id !== userId) {
		// The newest incoming message read, seen from its sender's box.
		let theirMax: number | undefined;
		for (let i = ids.length - 1; i >= 0 && theirMax === undefined; i--) {
			const r = box.msgs.get(ids[i]);
			if (r && ids[i] <= upTo && !r.out) theirMax = copyId(w, userId, r.id, peer.id);
		}
		if (theirMax) {
			const other = w.box(peer.id);
			const od = w.dialog(peer.id, userPeer(userId));
			od.readOutboxMaxId = Math.max(od.readOutboxMaxId, theirMax);
			const outbox = new Api.UpdateReadHistoryOutbox({
				peer: peerObj(userPeer(userId)),
				maxId: theirMax,
				pts: other.pts + 1,
				ptsCount: 1,
			});
			logStep(w, other, 'other', [], outbox);
			pushBox(w, peer.id, () => ({ updates: [outbox], refs: new Refs(w, peer.id).user(userId) }));
		}
	}
	return { pts, count: 1 };
}
