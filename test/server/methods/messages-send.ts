// messages.send* / forward / edit / delete / setTyping, answering the Updates Telegram answers:
// updateShortSentMessage for a plain text in a private chat or group, else Updates with
// updateMessageID + updateNew(Channel)Message.
import { Api } from 'telegram';
import type { TLObject } from '../core/types';
import { long, peerKey, userPeer } from '../world/ids';
import { mediaFromInput } from '../world/media';
import { deleteMessages, editMessage } from '../world/changes';
import {
	newMessageUpdate,
	sendMessage,
	storeOf,
	updatesOf,
	type Content,
	type Stored,
} from '../world/messaging';
import { alreadySent, rememberRandomId, replayedUpdate } from '../world/random-ids';
import { messageTl, peerObj, Refs, renderMedia } from '../world/render';
import type { MsgRec, PeerRef } from '../world/types';
import {
	channelOf,
	checkChatMember,
	fail,
	inputPeer,
	me,
	type Ctx,
	type MethodTable,
} from './context';

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

/** Telegram's write checks, in its own error words. */
export function checkWrite(ctx: Ctx, peer: PeerRef): void {
	const uid = me(ctx);
	const w = ctx.w;
	if (peer.type === 'user') {
		const u = w.users.get(peer.id);
		if (u?.restrictMessages && !w.isContact(peer.id, uid)) fail(403, 'USER_PRIVACY_RESTRICTED');
	} else if (peer.type === 'chat') {
		if (!w.chats.get(peer.id)?.members.has(uid)) fail(403, 'CHAT_WRITE_FORBIDDEN');
	} else {
		const ch = channelOf(ctx, peer);
		if (!ch.members.has(uid)) fail(403, 'CHAT_WRITE_FORBIDDEN');
		if (ch.broadcast && !ch.admins.has(uid)) fail(403, 'CHAT_WRITE_FORBIDDEN');
	}
}

function checkText(text: string, hasMedia: boolean): void {
	if (!hasMedia && !text?.trim()) fail(400, 'MESSAGE_EMPTY');
	if (!hasMedia && text.length > MAX_TEXT) fail(400, 'MESSAGE_TOO_LONG');
	if (hasMedia && (text?.length ?? 0) > MAX_CAPTION) fail(400, 'MEDIA_CAPTION_TOO_LONG');
}

function replyId(ctx: Ctx, peer: PeerRef, replyTo: unknown): number | undefined {
	if (!(replyTo instanceof Api.InputReplyToMessage)) return undefined;
	const owner = peer.type === 'channel' ? -peer.id : me(ctx);
	if (!storeOf(ctx.w, owner)?.msgs.has(replyTo.replyToMsgId)) fail(400, 'REPLY_TO_INVALID');
	return replyTo.replyToMsgId;
}

function send(ctx: Ctx, peer: PeerRef, c: Content): Stored {
	const uid = me(ctx);
	const s = sendMessage(ctx.w, uid, peer, c, { except: ctx.session });
	ctx.w.box(uid).sent.push({ peer, id: s.rec.id, text: c.text, date: s.rec.core.date });
	return s;
}

/** Updates with updateMessageID + the new message, as the sender's own answer. */
function sentUpdates(ctx: Ctx, sent: Array<{ s: Stored; randomId: unknown }>): Api.Updates {
	const uid = me(ctx);
	const refs = new Refs(ctx.w, uid);
	const updates: TLObject[] = [];
	for (const { s, randomId } of sent) {
		refs.msg(s.rec);
		updates.push(new Api.UpdateMessageID({ id: s.rec.id, randomId: randomId as Api.long }));
		updates.push(newMessageUpdate(ctx.w, uid, s));
	}
	return updatesOf(ctx.w, uid, updates, refs);
}

/** A send repeated under a random_id already used: Telegram answers the message it has. */
function replay(ctx: Ctx, randomId: unknown): Api.Updates | undefined {
	const uid = me(ctx);
	const s = alreadySent(ctx.w, uid, randomId);
	if (!s) return undefined;
	if (s === 'deleted') return fail(500, 'RANDOM_ID_DUPLICATE');
	const refs = new Refs(ctx.w, uid);
	refs.msg(s.rec);
	const updates = [
		new Api.UpdateMessageID({ id: s.rec.id, randomId: randomId as Api.long }),
		replayedUpdate(ctx.w, uid, s),
	];
	return updatesOf(ctx.w, uid, updates, refs);
}

/**
 * A scheduled message stays out of the history (Telegram keeps a separate scheduled list): it is
 * answered with updateNewScheduledMessage and recorded as sent, never delivered.
 */
function schedule(ctx: Ctx, peer: PeerRef, req: Api.messages.SendMessage): Api.Updates {
	const uid = me(ctx);
	const date = req.scheduleDate ?? 0;
	if (date <= ctx.w.now()) fail(400, 'SCHEDULE_DATE_INVALID');
	const sent = ctx.w.box(uid).sent;
	const id = 1 + sent.filter((m) => m.scheduled).length;
	sent.push({ peer, id, text: req.message, date, scheduled: true });
	const message = new Api.Message({
		out: true,
		fromScheduled: true,
		id,
		fromId: peerObj(userPeer(uid)),
		peerId: peerObj(peer.type === 'user' && peer.id === uid ? userPeer(uid) : peer),
		date,
		message: req.message,
		entities: req.entities,
	});
	const updates = [
		new Api.UpdateMessageID({ id, randomId: req.randomId }),
		new Api.UpdateNewScheduledMessage({ message }),
	];
	return updatesOf(ctx.w, uid, updates, new Refs(ctx.w, uid).peer(peer));
}

function ownMessage(ctx: Ctx, peer: PeerRef, id: number): MsgRec {
	const uid = me(ctx);
	const rec = storeOf(ctx.w, peer.type === 'channel' ? -peer.id : uid)?.msgs.get(id);
	if (!rec || (peer.type !== 'channel' && peerKey(rec.peer) !== peerKey(peer)))
		return fail(400, 'MESSAGE_ID_INVALID');
	return rec;
}

export const sendMethods: MethodTable = {
	'messages.SendMessage': (ctx, req: Api.messages.SendMessage) => {
		const peer = inputPeer(ctx, req.peer);
		checkWrite(ctx, peer);
		checkText(req.message, false);
		if (req.scheduleDate) return schedule(ctx, peer, req);
		const again = replay(ctx, req.randomId);
		if (again) return again;
		const s = send(ctx, peer, {
			text: req.message,
			entities: req.entities,
			replyToId: replyId(ctx, peer, req.replyTo),
		});
		rememberRandomId(ctx.w, me(ctx), req.randomId, s);
		if (peer.type === 'channel') return sentUpdates(ctx, [{ s, randomId: req.randomId }]);
		return new Api.UpdateShortSentMessage({
			out: true,
			id: s.rec.id,
			pts: s.pts,
			ptsCount: 1,
			date: s.rec.core.date,
			entities: req.entities,
		});
	},
	'messages.SendMedia': (ctx, req: Api.messages.SendMedia) => {
		const peer = inputPeer(ctx, req.peer);
		checkWrite(ctx, peer);
		checkText(req.message, true);
		const again = replay(ctx, req.randomId);
		if (again) return again;
		const media = mediaFromInput(ctx.w, me(ctx), req.media);
		const s = send(ctx, peer, {
			text: req.message ?? '',
			entities: req.entities,
			media,
			replyToId: replyId(ctx, peer, req.replyTo),
		});
		rememberRandomId(ctx.w, me(ctx), req.randomId, s);
		return sentUpdates(ctx, [{ s, randomId: req.randomId }]);
	},
	'messages.SendMultiMedia': (ctx, req: Api.messages.SendMultiMedia) => {
		const peer = inputPeer(ctx, req.peer);
		checkWrite(ctx, peer);
		if (!req.multiMedia?.length || req.multiMedia.length > 10) fail(400, 'MULTI_MEDIA_TOO_LONG');
		const medias = req.multiMedia.map((m) => {
			checkText(m.message, true);
			return mediaFromInput(ctx.w, me(ctx), m.media);
		});
		const groupedId = String(Date.now()) + String(Math.floor(Math.random() * 1000));
		const reply = replyId(ctx, peer, req.replyTo);
		const sent = req.multiMedia.map((m, i) => ({
			s: send(ctx, peer, {
				text: m.message ?? '',
				entities: m.entities,
				media: medias[i],
				groupedId,
				replyToId: reply,
			}),
			randomId: m.randomId,
		}));
		return sentUpdates(ctx, sent);
	},
	'messages.UploadMedia': (ctx, req: Api.messages.UploadMedia) => {
		const media = mediaFromInput(ctx.w, me(ctx), req.media);
		return renderMedia(media);
	},
	'messages.ForwardMessages': (ctx, req: Api.messages.ForwardMessages) => {
		const from = inputPeer(ctx, req.fromPeer);
		const to = inputPeer(ctx, req.toPeer);
		checkChatMember(ctx, from);
		if (from.type === 'channel') channelOf(ctx, from);
		checkWrite(ctx, to);
		if (!req.id?.length || req.id.length !== req.randomId?.length) fail(400, 'RANDOM_ID_INVALID');
		const srcs = req.id.map((id) => ownMessage(ctx, from, id));
		const sent = srcs.map((src, i) => {
			const c = src.core;
			const fromPeer: PeerRef = c.post ? from : userPeer(c.fwd?.fromPeer?.id ?? c.fromId);
			const fwd = req.dropAuthor
				? undefined
				: (c.fwd ?? { fromPeer, date: c.date, channelPost: c.post ? src.id : undefined });
			return {
				s: send(ctx, to, { text: c.text, entities: c.entities, media: c.media, fwd }),
				randomId: req.randomId[i],
			};
		});
		return sentUpdates(ctx, sent);
	},
	'messages.EditMessage': (ctx, req: Api.messages.EditMessage) => {
		const uid = me(ctx);
		const peer = inputPeer(ctx, req.peer);
		const rec = ownMessage(ctx, peer, req.id);
		const ch = peer.type === 'channel' ? ctx.w.channels.get(peer.id) : undefined;
		const mayEdit = ch ? rec.core.fromId === uid || (rec.core.post && ch.admins.has(uid)) : rec.out;
		if (!mayEdit || rec.core.action) fail(403, 'MESSAGE_AUTHOR_REQUIRED');
		const media = req.media ? mediaFromInput(ctx.w, uid, req.media) : undefined;
		if (req.message !== undefined) checkText(req.message, !!(media ?? rec.core.media));
		if (!media && (req.message === undefined || (req.message === rec.core.text && !req.entities)))
			fail(400, 'MESSAGE_NOT_MODIFIED');
		const owner = ch ? -ch.id : uid;
		const r = editMessage(
			ctx.w,
			owner,
			rec.id,
			{ text: req.message, entities: req.entities, media },
			ctx.session,
		);
		const message = messageTl(ctx.w, uid, r.rec) as Api.TypeMessage;
		const u = ch
			? new Api.UpdateEditChannelMessage({ message, pts: r.pts, ptsCount: 1 })
			: new Api.UpdateEditMessage({ message, pts: r.pts, ptsCount: 1 });
		return updatesOf(ctx.w, uid, [u], new Refs(ctx.w, uid).msg(r.rec));
	},
	'messages.DeleteMessages': (ctx, req: Api.messages.DeleteMessages) => {
		const r = deleteMessages(ctx.w, me(ctx), req.id ?? [], !!req.revoke, ctx.session);
		return new Api.messages.AffectedMessages({ pts: r.pts, ptsCount: r.count });
	},
	'messages.SetTyping': (ctx, req: Api.messages.SetTyping) => {
		const uid = me(ctx);
		const peer = inputPeer(ctx, req.peer);
		const date = ctx.w.now();
		if (peer.type === 'user' && peer.id !== uid) {
			const update = new Api.UpdateUserTyping({ userId: long(uid), action: req.action });
			ctx.w.push(peer.id, () => new Api.UpdateShort({ update, date }));
		} else if (peer.type === 'chat') {
			for (const m of ctx.w.chats.get(peer.id)?.members ?? []) {
				if (m === uid) continue;
				const update = new Api.UpdateChatUserTyping({
					chatId: long(peer.id),
					fromId: peerObj(userPeer(uid)),
					action: req.action,
				});
				ctx.w.push(m, () => new Api.UpdateShort({ update, date }));
			}
		}
		return true;
	},
};
