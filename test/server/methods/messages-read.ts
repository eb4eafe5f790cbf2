// messages.getHistory / search / getMessages / readHistory, and channels.getMessages.
import { Api } from 'telegram';
import { peerKey } from '../world/ids';
import {
	filterOf,
	historyPage,
	matchesSearch,
	type HistoryQuery,
	type Page,
} from '../world/history';
import { readHistory } from '../world/changes';
import { messageTl, Refs } from '../world/render';
import type { ChannelRec, MsgStore, PeerRef } from '../world/types';
import {
	channelOf,
	checkChatMember,
	inputChannel,
	inputPeer,
	me,
	readableChannel,
	type Ctx,
	type MethodTable,
} from './context';

interface Source {
	store: MsgStore;
	/** Ascending ids of the dialog. */
	asc: number[];
	channel?: ChannelRec;
}

function sourceOf(ctx: Ctx, peer: PeerRef): Source {
	const uid = me(ctx);
	checkChatMember(ctx, peer);
	if (peer.type === 'channel') {
		const ch = channelOf(ctx, peer);
		return { store: ch, asc: ch.ids, channel: ch };
	}
	const box = ctx.w.box(uid);
	return { store: box, asc: box.byPeer.get(peerKey(peer)) ?? [] };
}

/** messages.Messages when the page holds the whole list, else a slice with its count. */
export function messagesAnswer(
	ctx: Ctx,
	src: Source,
	ids: number[],
	total: number,
	offsetIdOffset?: number,
): Api.messages.TypeMessages {
	const uid = me(ctx);
	const refs = new Refs(ctx.w, uid);
	const messages = ids.map((id) => {
		const rec = src.store.msgs.get(id)!;
		refs.msg(rec);
		return messageTl(ctx.w, uid, rec) as Api.TypeMessage;
	});
	if (src.channel) {
		refs.peer({ type: 'channel', id: src.channel.id });
		return new Api.messages.ChannelMessages({
			pts: src.channel.pts,
			count: total,
			offsetIdOffset,
			messages,
			topics: [],
			chats: refs.renderChats(),
			users: refs.renderUsers(),
		});
	}
	const common = { messages, chats: refs.renderChats(), users: refs.renderUsers() };
	if (ids.length >= total) return new Api.messages.Messages(common);
	return new Api.messages.MessagesSlice({ count: total, offsetIdOffset, ...common });
}

function page(src: Source, asc: number[], q: HistoryQuery): Page {
	return historyPage(asc, (id) => src.store.msgs.get(id)!.core.date, q);
}

export const readMethods: MethodTable = {
	'messages.GetHistory': (ctx, req: Api.messages.GetHistory) => {
		const src = sourceOf(ctx, inputPeer(ctx, req.peer));
		const p = page(src, src.asc, req);
		return messagesAnswer(ctx, src, p.ids, src.asc.length, p.offsetIdOffset);
	},
	'messages.Search': (ctx, req: Api.messages.Search) => {
		const uid = me(ctx);
		const global = req.peer instanceof Api.InputPeerEmpty;
		const src: Source = global
			? { store: ctx.w.box(uid), asc: [...ctx.w.box(uid).msgs.keys()] }
			: sourceOf(ctx, inputPeer(ctx, req.peer));
		const fromId = req.fromId ? inputPeer(ctx, req.fromId).id : undefined;
		const sq = {
			q: req.q,
			fromId,
			filter: filterOf(req.filter),
			minDate: req.minDate,
			maxDate: req.maxDate,
		};
		const asc = src.asc.filter((id) => matchesSearch(src.store.msgs.get(id)!, sq));
		const p = page(src, asc, req);
		return messagesAnswer(ctx, src, p.ids, asc.length, p.offsetIdOffset);
	},
	// A thread = the messages of the same chat replying to msg_id (no linked discussion groups).
	'messages.GetReplies': (ctx, req: Api.messages.GetReplies) => {
		const src = sourceOf(ctx, inputPeer(ctx, req.peer));
		const asc = src.asc.filter((id) => src.store.msgs.get(id)?.replyToId === req.msgId);
		const p = page(src, asc, req);
		return messagesAnswer(ctx, src, p.ids, asc.length, p.offsetIdOffset);
	},
	'messages.GetMessages': (ctx, req: Api.messages.GetMessages) => {
		const uid = me(ctx);
		const box = ctx.w.box(uid);
		const refs = new Refs(ctx.w, uid);
		const messages = (req.id ?? []).map((m) => {
			const rec = m instanceof Api.InputMessageID ? box.msgs.get(m.id) : undefined;
			if (!rec) return new Api.MessageEmpty({ id: m instanceof Api.InputMessageID ? m.id : 0 });
			refs.msg(rec);
			return messageTl(ctx.w, uid, rec) as Api.TypeMessage;
		});
		return new Api.messages.Messages({
			messages,
			chats: refs.renderChats(),
			users: refs.renderUsers(),
		});
	},
	'channels.GetMessages': (ctx, req: Api.channels.GetMessages) => {
		const uid = me(ctx);
		const ch = readableChannel(ctx, inputChannel(ctx, req.channel));
		const refs = new Refs(ctx.w, uid).peer({ type: 'channel', id: ch.id });
		const messages = (req.id ?? []).map((m) => {
			const rec = m instanceof Api.InputMessageID ? ch.msgs.get(m.id) : undefined;
			if (!rec) return new Api.MessageEmpty({ id: m instanceof Api.InputMessageID ? m.id : 0 });
			refs.msg(rec);
			return messageTl(ctx.w, uid, rec) as Api.TypeMessage;
		});
		return new Api.messages.ChannelMessages({
			pts: ch.pts,
			count: messages.length,
			messages,
			topics: [],
			chats: refs.renderChats(),
			users: refs.renderUsers(),
		});
	},
	'messages.ReadHistory': (ctx, req: Api.messages.ReadHistory) => {
		const uid = me(ctx);
		const peer = inputPeer(ctx, req.peer);
		checkChatMember(ctx, peer);
		if (peer.type === 'channel') {
			const ch = channelOf(ctx, peer);
			const d = ctx.w.dialog(uid, peer);
			d.readInboxMaxId = Math.max(
				d.readInboxMaxId,
				Math.min(req.maxId || Infinity, ch.ids[ch.ids.length - 1] ?? 0),
			);
			return new Api.messages.AffectedMessages({ pts: ctx.w.box(uid).pts, ptsCount: 0 });
		}
		const r = readHistory(ctx.w, uid, peer, req.maxId, ctx.session);
		return new Api.messages.AffectedMessages({ pts: r.pts, ptsCount: r.count });
	},
	'channels.ReadHistory': (ctx, req: Api.channels.ReadHistory) => {
		const uid = me(ctx);
		const ch = readableChannel(ctx, inputChannel(ctx, req.channel));
		const d = ctx.w.dialog(uid, { type: 'channel', id: ch.id });
		d.readInboxMaxId = Math.max(
			d.readInboxMaxId,
			Math.min(req.maxId || Infinity, ch.ids[ch.ids.length - 1] ?? 0),
		);
		return true;
	},
};
