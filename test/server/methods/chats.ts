// Basic groups: listing them by id, their full info (members), and leaving or removing a member.
import { Api } from 'telegram';
import { chatPeer, long, toNum } from '../world/ids';
import { newMessageUpdate, sendMessage, updatesOf } from '../world/messaging';
import { notifySettings, Refs, renderChat } from '../world/render';
import { fail, inputUser, me, type MethodTable } from './context';

export const chatMethods: MethodTable = {
	'messages.GetChats': (ctx, req: Api.messages.GetChats) => {
		const uid = me(ctx);
		const chats = (req.id ?? []).map((id) => {
			if (!ctx.w.chats.has(toNum(id))) fail(400, 'CHAT_ID_INVALID');
			return renderChat(ctx.w, uid, toNum(id));
		});
		return new Api.messages.Chats({ chats });
	},
	'messages.GetFullChat': (ctx, req: Api.messages.GetFullChat) => {
		const uid = me(ctx);
		const c = ctx.w.chats.get(toNum(req.chatId));
		if (!c || !c.members.has(uid)) return fail(400, 'CHAT_ID_INVALID');
		const refs = new Refs(ctx.w, uid).peer(chatPeer(c.id));
		for (const m of c.members) refs.user(m);
		const participants = [...c.members].map((m) =>
			m === c.creatorId
				? new Api.ChatParticipantCreator({ userId: long(m) })
				: new Api.ChatParticipant({ userId: long(m), inviterId: long(c.creatorId), date: c.date }),
		);
		return new Api.messages.ChatFull({
			fullChat: new Api.ChatFull({
				id: long(c.id),
				about: '',
				participants: new Api.ChatParticipants({ chatId: long(c.id), participants, version: 1 }),
				notifySettings: notifySettings(),
			}),
			chats: refs.renderChats(),
			users: refs.renderUsers(),
		});
	},
	'messages.DeleteChatUser': (ctx, req: Api.messages.DeleteChatUser) => {
		const uid = me(ctx);
		const c = ctx.w.chats.get(toNum(req.chatId));
		if (!c || !c.members.has(uid)) return fail(400, 'CHAT_ID_INVALID');
		const target = inputUser(ctx, req.userId);
		if (!c.members.has(target)) fail(400, 'USER_NOT_PARTICIPANT');
		if (target !== uid && c.creatorId !== uid) fail(403, 'CHAT_ADMIN_REQUIRED');
		// Everyone, the one leaving included, sees the service message before the member goes.
		const action = new Api.MessageActionChatDeleteUser({ userId: long(target) });
		const s = sendMessage(
			ctx.w,
			uid,
			chatPeer(c.id),
			{ text: '', action },
			{ except: ctx.session },
		);
		c.members.delete(target);
		const refs = new Refs(ctx.w, uid).msg(s.rec).peer(chatPeer(c.id));
		return updatesOf(ctx.w, uid, [newMessageUpdate(ctx.w, uid, s)], refs);
	},
};
