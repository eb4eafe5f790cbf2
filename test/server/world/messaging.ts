// Message mutations as Telegram does them: private and group messages are copied into each
// participant's box with its own id and pts; channel messages live once in the channel. Each pts
// step is logged for getDifference and pushed to the live sessions of whoever it concerns.
import { Api } from 'telegram';
import type { SessionHandle, TLObject } from '../core/types';
import { channelOwner, long, peerKey, userPeer } from './ids';
import { messageTl, Refs } from './render';
import type { Box, ChannelRec, LogKind, MsgCore, MsgRec, MsgStore, PeerRef } from './types';
import type { World } from './world';

export interface Content {
	text: string;
	entities?: TLObject[];
	media?: MsgCore['media'];
	fwd?: MsgCore['fwd'];
	groupedId?: string;
	action?: TLObject;
	/** Id in the sender's box (or the channel) of the message replied to. */
	replyToId?: number;
	date?: number;
}

export interface SendOpts {
	/** false = history that predates every state: no pts step, no push. */
	live?: boolean;
	/** false = the pts steps are taken (getDifference replays them) but nothing is pushed (seeding). */
	push?: boolean;
	/** The session that sent it: Telegram does not echo the update back to it. */
	except?: SessionHandle;
}

export interface Stored {
	rec: MsgRec;
	pts: number;
	store: MsgStore;
}

export function storeOf(w: World, owner: number): MsgStore | undefined {
	return owner > 0 ? w.boxes.get(owner) : w.channels.get(-owner);
}

export function logStep(
	w: World,
	store: MsgStore,
	kind: LogKind,
	ids: number[],
	update?: TLObject,
): number {
	const count = kind === 'delete' ? ids.length : 1;
	store.pts += count;
	store.log.push({ pts: store.pts, count, kind, ids, update, date: w.now() });
	return store.pts;
}

function put(
	w: World,
	store: MsgStore,
	owner: number,
	peer: PeerRef,
	out: boolean,
	core: MsgCore,
	replyToId: number | undefined,
	live: boolean,
): Stored {
	const rec: MsgRec = { id: store.nextId++, peer, out, core, replyToId };
	store.msgs.set(rec.id, rec);
	if (owner > 0) {
		const box = store as Box;
		const k = peerKey(peer);
		let ids = box.byPeer.get(k);
		if (!ids) box.byPeer.set(k, (ids = []));
		ids.push(rec.id);
		w.dialog(owner, peer);
	} else {
		(store as ChannelRec).ids.push(rec.id);
	}
	core.copies.push({ owner, id: rec.id });
	const pts = live ? logStep(w, store, 'new', [rec.id]) : store.pts;
	return { rec, pts, store };
}

/** The id of the copy owned by `owner` of the message `id` in `from`'s box. */
export function copyId(
	w: World,
	fromOwner: number,
	id: number | undefined,
	owner: number,
): number | undefined {
	if (!id) return undefined;
	const rec = storeOf(w, fromOwner)?.msgs.get(id);
	return rec?.core.copies.find((c) => c.owner === owner)?.id;
}

/** Sends a message from a user to a peer; returns the sender's copy (or the channel's). */
export function sendMessage(
	w: World,
	fromId: number,
	peer: PeerRef,
	c: Content,
	opts: SendOpts = {},
): Stored {
	const live = opts.live ?? true;
	const pushing = live && (opts.push ?? true);
	const ch = peer.type === 'channel' ? w.channels.get(peer.id) : undefined;
	const core: MsgCore = {
		fromId,
		date: c.date ?? w.now(),
		text: c.text,
		entities: c.entities,
		media: c.media,
		fwd: c.fwd,
		groupedId: c.groupedId,
		action: c.action,
		post: ch?.broadcast,
		version: 1,
		copies: [],
	};
	if (ch) {
		const s = put(w, ch, channelOwner(ch.id), peer, false, core, c.replyToId, live);
		if (pushing)
			for (const m of ch.members) pushNew(w, m, s, m === fromId ? opts.except : undefined);
		return s;
	}
	const recipients = peer.type === 'user' ? [peer.id] : [...(w.chats.get(peer.id)?.members ?? [])];
	const own = put(w, w.box(fromId), fromId, peer, true, core, c.replyToId, live);
	if (pushing) pushNew(w, fromId, own, opts.except);
	for (const uid of recipients) {
		if (uid === fromId) continue;
		const theirPeer = peer.type === 'user' ? userPeer(fromId) : peer;
		const reply = copyId(w, fromId, c.replyToId, uid);
		const s = put(w, w.box(uid), uid, theirPeer, false, core, reply, live);
		if (pushing) pushNew(w, uid, s);
	}
	return own;
}

export function newMessageUpdate(w: World, viewerId: number, s: Stored): TLObject {
	const message = messageTl(w, viewerId, s.rec) as Api.TypeMessage;
	return s.rec.peer.type === 'channel'
		? new Api.UpdateNewChannelMessage({ message, pts: s.pts, ptsCount: 1 })
		: new Api.UpdateNewMessage({ message, pts: s.pts, ptsCount: 1 });
}

export function updatesOf(
	w: World,
	viewerId: number,
	updates: TLObject[],
	refs: Refs,
	seq = 0,
): Api.Updates {
	return new Api.Updates({
		updates: updates as Api.TypeUpdate[],
		users: refs.renderUsers(),
		chats: refs.renderChats(),
		date: w.now(),
		seq,
	});
}

/**
 * Pushes common-box updates as `updates` with the account's next seq. When the account's own
 * request caused them (`except` = that session) the answer it got carries no seq, so its other
 * sessions get seq 0 ("does not matter") and the seq does not move.
 */
export function pushBox(
	w: World,
	uid: number,
	build: () => { updates: TLObject[]; refs: Refs },
	except?: SessionHandle,
): void {
	const seq = except ? 0 : w.nextSeq(uid);
	w.push(
		uid,
		() => {
			const b = build();
			return updatesOf(w, uid, b.updates, b.refs, seq);
		},
		except,
	);
}

/**
 * A plain private or basic-group message goes out as updateShortMessage /
 * updateShortChatMessage, as Telegram sends it: no sender or chat object with it (a client that
 * does not know them asks getDifference). Media, service, forwarded and album messages do not.
 */
function shortForm(w: World, uid: number, s: Stored): (() => TLObject) | undefined {
	const { rec, pts } = s;
	const c = rec.core;
	if (rec.peer.type === 'channel' || c.media || c.action || c.fwd || c.groupedId) return undefined;
	if (rec.peer.type === 'user' && rec.peer.id === uid) return undefined;
	const common = () => ({
		out: rec.out,
		id: rec.id,
		message: c.text,
		pts,
		ptsCount: 1,
		date: c.date,
		replyTo: rec.replyToId
			? new Api.MessageReplyHeader({ replyToMsgId: rec.replyToId })
			: undefined,
		entities: c.entities as Api.TypeMessageEntity[] | undefined,
	});
	if (rec.peer.type === 'user') {
		const userId = long(rec.peer.id);
		return () => new Api.UpdateShortMessage({ ...common(), userId });
	}
	const chatId = long(rec.peer.id);
	return () => new Api.UpdateShortChatMessage({ ...common(), fromId: long(c.fromId), chatId });
}

function pushNew(w: World, uid: number, s: Stored, except?: SessionHandle): void {
	const short = shortForm(w, uid, s);
	if (short) return w.push(uid, short, except);
	if (s.rec.peer.type === 'channel') {
		return w.push(
			uid,
			() => updatesOf(w, uid, [newMessageUpdate(w, uid, s)], new Refs(w, uid).msg(s.rec)),
			except,
		);
	}
	pushBox(
		w,
		uid,
		() => ({ updates: [newMessageUpdate(w, uid, s)], refs: new Refs(w, uid).msg(s.rec) }),
		except,
	);
}

/** Edits a message everywhere it was copied; returns the pts step of `owner`'s store. */
