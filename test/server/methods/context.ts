// What every method handler gets, and the input-peer checks Telegram does (access hashes are per
// viewer: another account's hash answers PEER_ID_INVALID / USER_ID_INVALID / CHANNEL_INVALID).
import { Api } from 'telegram';
import { RpcError } from '../core/types';
import type { RpcAnswer, RpcCall, SessionHandle } from '../core/types';
import { channelPeer, chatPeer, toNum, userPeer } from '../world/ids';
import type { ChannelRec, PeerRef } from '../world/types';
import type { World } from '../world/world';

export interface Ctx {
	w: World;
	call: RpcCall;
	session: SessionHandle;
	dcId: number;
	/** Signed-in account, if any. */
	userId?: number;
}

/** A handler declares its own request class; the dispatcher passes the parsed request. */
export type Method = (ctx: Ctx, req: never) => Promise<RpcAnswer> | RpcAnswer;
export type MethodTable = Record<string, Method>;

export const fail = (code: number, text: string): never => {
	throw new RpcError(code, text);
};

/** The signed-in account, or 401 AUTH_KEY_UNREGISTERED like Telegram. */
export function me(ctx: Ctx): number {
	if (ctx.userId === undefined) fail(401, 'AUTH_KEY_UNREGISTERED');
	return ctx.userId as number;
}

export function inputPeer(ctx: Ctx, p: unknown): PeerRef {
	const uid = me(ctx);
	const w = ctx.w;
	if (p instanceof Api.InputPeerSelf) return userPeer(uid);
	if (p instanceof Api.InputPeerUser) {
		const id = toNum(p.userId);
		if (id === uid) return userPeer(uid);
		if (!w.users.has(id) || !w.hashes.check(uid, 'user', id, p.accessHash))
			fail(400, 'PEER_ID_INVALID');
		return userPeer(id);
	}
	if (p instanceof Api.InputPeerChat) {
		const id = toNum(p.chatId);
		if (!w.chats.has(id)) fail(400, 'PEER_ID_INVALID');
		return chatPeer(id);
	}
	if (p instanceof Api.InputPeerChannel) {
		return channelPeer(channelById(ctx, toNum(p.channelId), p.accessHash).id);
	}
	if (p instanceof Api.InputPeerUserFromMessage) {
		const id = toNum(p.userId);
		if (!w.users.has(id)) fail(400, 'PEER_ID_INVALID');
		return userPeer(id);
	}
	if (p instanceof Api.InputPeerChannelFromMessage) {
		const ch = w.channels.get(toNum(p.channelId));
		if (!ch) fail(400, 'CHANNEL_INVALID');
		return channelPeer(toNum(p.channelId));
	}
	return fail(400, 'PEER_ID_INVALID');
}

export function inputUser(ctx: Ctx, u: unknown): number {
	const uid = me(ctx);
	const w = ctx.w;
	if (u instanceof Api.InputUserSelf) return uid;
	if (u instanceof Api.InputUser) {
		const id = toNum(u.userId);
		if (id === uid) return uid;
		if (!w.users.has(id) || !w.hashes.check(uid, 'user', id, u.accessHash))
			fail(400, 'USER_ID_INVALID');
		return id;
	}
	if (u instanceof Api.InputUserFromMessage && w.users.has(toNum(u.userId))) return toNum(u.userId);
	if (u instanceof Api.InputPeerUser || u instanceof Api.InputPeerSelf) {
		const p = inputPeer(ctx, u);
		return p.id;
	}
	return fail(400, 'USER_ID_INVALID');
}

function channelById(ctx: Ctx, id: number, accessHash: unknown): ChannelRec {
	const uid = me(ctx);
	const ch = ctx.w.channels.get(id);
	if (!ch || !ctx.w.hashes.check(uid, 'channel', id, accessHash))
		return fail(400, 'CHANNEL_INVALID');
	return ch;
}

export function inputChannel(ctx: Ctx, c: unknown): ChannelRec {
	if (c instanceof Api.InputChannel) return channelById(ctx, toNum(c.channelId), c.accessHash);
	if (c instanceof Api.InputPeerChannel) return channelById(ctx, toNum(c.channelId), c.accessHash);
	if (c instanceof Api.InputChannelFromMessage) {
		const ch = ctx.w.channels.get(toNum(c.channelId));
		if (ch) return ch;
	}
	return fail(400, 'CHANNEL_INVALID');
}

/** Reading a channel needs membership unless it is public (has a username). */
export function readableChannel(ctx: Ctx, ch: ChannelRec): ChannelRec {
	if (!ch.username && !ch.members.has(me(ctx))) fail(403, 'CHANNEL_PRIVATE');
	return ch;
}

export function channelOf(ctx: Ctx, p: PeerRef): ChannelRec {
	return readableChannel(ctx, ctx.w.channels.get(p.id) as ChannelRec);
}

/** A basic group is readable by its members only. */
export function checkChatMember(ctx: Ctx, p: PeerRef): void {
	if (p.type === 'chat' && !ctx.w.chats.get(p.id)?.members.has(me(ctx)))
		fail(400, 'CHAT_ID_INVALID');
}
