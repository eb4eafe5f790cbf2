// messages.getDialogs / getPeerDialogs: dialogs ordered by their top message's date, paged by
// offset_peer (the last dialog of the previous page) or offset_date, archive = folder 1.
import { Api } from 'telegram';
import { peerKey, upperBound } from '../world/ids';
import { boxState } from '../world/difference';
import { messageTl, notifySettings, peerObj, Refs } from '../world/render';
import type { DialogRec, MsgRec } from '../world/types';
import { inputPeer, me, type Ctx, type MethodTable } from './context';

interface Row {
	d: DialogRec;
	top?: MsgRec;
	date: number;
	unread: number;
	pts?: number;
}

function rows(ctx: Ctx): Row[] {
	const uid = me(ctx);
	const w = ctx.w;
	const box = w.box(uid);
	const out: Row[] = [];
	for (const d of box.dialogs.values()) {
		if (d.peer.type === 'channel') {
			const ch = w.channels.get(d.peer.id);
			if (!ch) continue;
			const top = ch.msgs.get(ch.ids[ch.ids.length - 1]);
			const unread = ch.ids.length - upperBound(ch.ids, d.readInboxMaxId);
			out.push({ d, top, date: top?.core.date ?? ch.date, unread, pts: ch.pts });
			continue;
		}
		const ids = box.byPeer.get(peerKey(d.peer)) ?? [];
		const top = box.msgs.get(ids[ids.length - 1]);
		let unread = 0;
		for (let i = upperBound(ids, d.readInboxMaxId); i < ids.length; i++)
			if (!box.msgs.get(ids[i])?.out) unread++;
		const date =
			top?.core.date ?? (d.peer.type === 'chat' ? (w.chats.get(d.peer.id)?.date ?? 0) : 0);
		out.push({ d, top, date, unread });
	}
	return out.sort(
		(a, b) =>
			b.date - a.date ||
			(b.top?.id ?? 0) - (a.top?.id ?? 0) ||
			peerKey(a.d.peer).localeCompare(peerKey(b.d.peer)),
	);
}

function dialogsPayload(ctx: Ctx, list: Row[]) {
	const uid = me(ctx);
	const refs = new Refs(ctx.w, uid);
	const messages: Api.TypeMessage[] = [];
	const dialogs = list.map((r) => {
		refs.peer(r.d.peer);
		if (r.top) {
			refs.msg(r.top);
			messages.push(messageTl(ctx.w, uid, r.top) as Api.TypeMessage);
		}
		return new Api.Dialog({
			pinned: r.d.pinned,
			peer: peerObj(r.d.peer),
			topMessage: r.top?.id ?? 0,
			readInboxMaxId: r.d.readInboxMaxId,
			readOutboxMaxId: r.d.readOutboxMaxId,
			unreadCount: r.unread,
			unreadMentionsCount: 0,
			unreadReactionsCount: 0,
			notifySettings: notifySettings(),
			pts: r.pts,
			folderId: r.d.folderId || undefined,
		});
	});
	return { dialogs, messages, chats: refs.renderChats(), users: refs.renderUsers() };
}

export const dialogMethods: MethodTable = {
	'messages.GetDialogs': (ctx, req: Api.messages.GetDialogs) => {
		const folder = req.folderId ?? 0;
		const all = rows(ctx).filter((r) => r.d.folderId === folder);
		let start = 0;
		if (req.offsetPeer && !(req.offsetPeer instanceof Api.InputPeerEmpty)) {
			const k = peerKey(inputPeer(ctx, req.offsetPeer));
			const i = all.findIndex((r) => peerKey(r.d.peer) === k);
			start = i >= 0 ? i + 1 : all.findIndex((r) => r.date < req.offsetDate);
		} else if (req.offsetDate) {
			start = all.findIndex(
				(r) =>
					r.date < req.offsetDate || (r.date === req.offsetDate && (r.top?.id ?? 0) < req.offsetId),
			);
		}
		if (start < 0) start = all.length;
		const limit = Math.min(Math.max(req.limit || 100, 1), 100);
		const list = all.slice(start, start + limit);
		const payload = dialogsPayload(ctx, list);
		if (start === 0 && list.length === all.length) return new Api.messages.Dialogs(payload);
		return new Api.messages.DialogsSlice({ count: all.length, ...payload });
	},
	'messages.GetPeerDialogs': (ctx, req: Api.messages.GetPeerDialogs) => {
		const keys = new Set(
			(req.peers ?? []).map((p) =>
				peerKey(inputPeer(ctx, p instanceof Api.InputDialogPeer ? p.peer : p)),
			),
		);
		const list = rows(ctx).filter((r) => keys.has(peerKey(r.d.peer)));
		return new Api.messages.PeerDialogs({
			...dialogsPayload(ctx, list),
			state: boxState(ctx.w, ctx.w.box(me(ctx))),
		});
	},
	'messages.GetPinnedDialogs': (ctx) => {
		const list = rows(ctx).filter((r) => r.d.pinned);
		return new Api.messages.PeerDialogs({
			...dialogsPayload(ctx, list),
			state: boxState(ctx.w, ctx.w.box(me(ctx))),
		});
	},
};
