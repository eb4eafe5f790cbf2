// channels.* and invite links: reading channel info, joining (public by username, private by
// invite hash only: CHANNEL_PRIVATE), leaving, deleting channel messages.
import { Api } from 'telegram';
import { channelPeer, chatPeer, long } from '../world/ids';
import { deleteChannelMessages } from '../world/changes';
import { notifySettings, Refs, renderChannel, renderChat } from '../world/render';
import type { ChannelRec } from '../world/types';
import { fail, inputChannel, me, readableChannel, type Ctx, type MethodTable } from './context';

function chatsUpdates(ctx: Ctx, chat: Api.TypeChat): Api.Updates {
	return new Api.Updates({ updates: [], users: [], chats: [chat], date: ctx.w.now(), seq: 0 });
}

function join(ctx: Ctx, ch: ChannelRec): Api.Updates {
	const uid = me(ctx);
	if (!ch.members.has(uid)) ctx.w.joinChannel(uid, ch);
	return chatsUpdates(ctx, renderChannel(ctx.w, uid, ch.id));
}

function inviteTarget(ctx: Ctx, hash: string): { ch?: ChannelRec; chatId?: number } {
	for (const ch of ctx.w.channels.values())
		if (ch.inviteHash && ch.inviteHash === hash) return { ch };
	for (const c of ctx.w.chats.values())
		if (c.inviteHash && c.inviteHash === hash) return { chatId: c.id };
	return fail(400, 'INVITE_HASH_EXPIRED');
}

export const channelMethods: MethodTable = {
	'channels.GetChannels': (ctx, req: Api.channels.GetChannels) => {
		const uid = me(ctx);
		return new Api.messages.Chats({
			chats: (req.id ?? []).map((c) => renderChannel(ctx.w, uid, inputChannel(ctx, c).id)),
		});
	},
	'channels.GetFullChannel': (ctx, req: Api.channels.GetFullChannel) => {
		const uid = me(ctx);
		const ch = readableChannel(ctx, inputChannel(ctx, req.channel));
		const d = ctx.w.box(uid).dialogs.get(`channel:${ch.id}`);
		const refs = new Refs(ctx.w, uid).peer(channelPeer(ch.id));
		return new Api.messages.ChatFull({
			fullChat: new Api.ChannelFull({
				canViewParticipants: !ch.broadcast || ch.admins.has(uid),
				id: long(ch.id),
				about: ch.about,
				participantsCount: ch.members.size,
				adminsCount: ch.admins.size,
				readInboxMaxId: d?.readInboxMaxId ?? 0,
				readOutboxMaxId: d?.readOutboxMaxId ?? 0,
				unreadCount: 0,
				chatPhoto: new Api.PhotoEmpty({ id: long(0) }),
				notifySettings: notifySettings(),
				botInfo: [],
				pts: ch.pts,
			}),
			chats: refs.renderChats(),
			users: refs.renderUsers(),
		});
	},
	'channels.JoinChannel': (ctx, req: Api.channels.JoinChannel) => {
		const ch = inputChannel(ctx, req.channel);
		if (!ch.username && !ch.members.has(me(ctx))) fail(403, 'CHANNEL_PRIVATE');
		return join(ctx, ch);
	},
	'channels.LeaveChannel': (ctx, req: Api.channels.LeaveChannel) => {
		const uid = me(ctx);
		const ch = inputChannel(ctx, req.channel);
		if (!ch.members.has(uid)) fail(400, 'USER_NOT_PARTICIPANT');
		if (ch.creatorId === uid) fail(400, 'CHANNEL_ADMIN_REQUIRED');
		ctx.w.leaveChannel(uid, ch);
		return chatsUpdates(ctx, renderChannel(ctx.w, uid, ch.id));
	},
	'channels.DeleteMessages': (ctx, req: Api.channels.DeleteMessages) => {
		const uid = me(ctx);
		const ch = readableChannel(ctx, inputChannel(ctx, req.channel));
		for (const id of req.id ?? []) {
			const rec = ch.msgs.get(id);
			if (rec && rec.core.fromId !== uid && !ch.admins.has(uid))
				fail(403, 'MESSAGE_DELETE_FORBIDDEN');
		}
		const r = deleteChannelMessages(ctx.w, ch, req.id ?? [], ctx.session);
		return new Api.messages.AffectedMessages({ pts: r.pts, ptsCount: r.count });
	},
	'messages.CheckChatInvite': (ctx, req: Api.messages.CheckChatInvite) => {
		const uid = me(ctx);
		const t = inviteTarget(ctx, req.hash);
		if (t.ch) {
			if (t.ch.members.has(uid))
				return new Api.ChatInviteAlready({ chat: renderChannel(ctx.w, uid, t.ch.id) });
			return new Api.ChatInvite({
				channel: true,
				broadcast: t.ch.broadcast,
				megagroup: t.ch.megagroup,
				public: !!t.ch.username,
				title: t.ch.title,
				about: t.ch.about || undefined,
				photo: new Api.PhotoEmpty({ id: long(0) }),
				participantsCount: t.ch.members.size,
				color: 0,
			});
		}
		const c = ctx.w.chats.get(t.chatId!)!;
		if (c.members.has(uid))
			return new Api.ChatInviteAlready({ chat: renderChat(ctx.w, uid, c.id) });
		return new Api.ChatInvite({
			title: c.title,
			photo: new Api.PhotoEmpty({ id: long(0) }),
			participantsCount: c.members.size,
			color: 0,
		});
	},
	'messages.ImportChatInvite': (ctx, req: Api.messages.ImportChatInvite) => {
		const uid = me(ctx);
		const t = inviteTarget(ctx, req.hash);
		if (t.ch) {
			if (t.ch.members.has(uid)) fail(400, 'USER_ALREADY_PARTICIPANT');
			return join(ctx, t.ch);
		}
		const c = ctx.w.chats.get(t.chatId!)!;
		if (c.members.has(uid)) fail(400, 'USER_ALREADY_PARTICIPANT');
		c.members.add(uid);
		ctx.w.dialog(uid, chatPeer(c.id));
		return chatsUpdates(ctx, renderChat(ctx.w, uid, c.id));
	},
};
