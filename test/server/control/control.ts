// The control API: what a test (in process) or an out-of-process n8n (over HTTP, see http.ts)
// may do to the world. Every operation takes and returns plain JSON so both transports share it.
import type { AuthKeyRecord } from '../core/types';
import { acceptToken } from '../methods/auth-qr';
import type { CodeKind } from '../world/auth-state';
import { deleteChannelMessages, deleteMessages, editMessage } from '../world/changes';
import type { FaultRule } from '../world/faults';
import { sendMessage, type Content } from '../world/messaging';
import { ControlGaps } from './gaps';
import type { MediaSpec, Target } from './seed';

export type { MediaSpec, Target } from './seed';
export { patternBytes } from './seed';
export type { UpdateStateView } from './gaps';

export class Control extends ControlGaps {
	/**
	 * A message from `fromId`, as if sent by another client of that user: live pushes + pts.
	 * `id` is the sender's copy (or the channel's); `recipientId` the copy in toUserId's box.
	 */
	pushMessage(
		a: Target & { fromId: number; text?: string; media?: MediaSpec; replyToId?: number },
	): { id: number; pts: number; recipientId?: number } {
		const content: Content = { text: a.text ?? '', replyToId: a.replyToId };
		if (a.media) content.media = this.media(a.fromId, a.media);
		const s = sendMessage(this.world, a.fromId, this.peerOf(a), content);
		const to = a.toUserId && a.toUserId !== a.fromId ? a.toUserId : undefined;
		const recipientId = to && s.rec.core.copies.find((c) => c.owner === to)?.id;
		return { id: s.rec.id, pts: s.pts, ...(recipientId && { recipientId }) };
	}

	/**
	 * Edits message `id` of `ownerId`'s box (or of a channel) everywhere it was copied, as its
	 * author would: every box holding a copy takes a pts step and gets updateEditMessage
	 * (updateEditChannelMessage in a channel).
	 */
	pushEdit(a: { ownerId?: number; channelId?: number; id: number; text: string }): { pts: number } {
		const owner = a.channelId ? -a.channelId : (a.ownerId as number);
		return { pts: editMessage(this.world, owner, a.id, { text: a.text }).pts };
	}

	/**
	 * Deletes ids of `userId`'s box (revoke, the default: every copy, as the other party deleting
	 * for both) or of a channel: updateDeleteMessages / updateDeleteChannelMessages with
	 * pts_count = number of ids, in each box concerned.
	 */
	pushDelete(a: { userId?: number; channelId?: number; ids: number[]; revoke?: boolean }): {
		pts: number;
		count: number;
	} {
		if (a.channelId)
			return deleteChannelMessages(this.world, this.world.channels.get(a.channelId)!, a.ids);
		return deleteMessages(this.world, a.userId as number, a.ids, a.revoke ?? true);
	}

	injectError(rule: FaultRule): void {
		this.world.faults.inject(rule);
	}

	clearErrors(): void {
		this.world.faults.clear();
	}

	setLatency(a: { ms: number }): void {
		this.server.setLatency(a.ms);
	}

	/** Closes every live connection of the account; returns how many. */
	dropConnections(a: { userId: number }): { dropped: number } {
		const list = this.world.liveSessions(a.userId);
		for (const s of list) s.close();
		return { dropped: list.length };
	}

	/** Forgets auth keys entirely: the core then answers -404 on them. */
	forgetAuthKey(a: { userId?: number; session?: string }): { keys: number } {
		const keys = this.keysOf(a);
		for (const k of keys) this.authKeys.delete(k.id);
		return { keys: keys.length };
	}

	/** Signs auth keys out: requests then get 401 AUTH_KEY_UNREGISTERED. */
	revokeAuthKey(a: { userId?: number; session?: string }): { keys: number } {
		const keys = this.keysOf(a);
		for (const k of keys) k.userId = undefined;
		return { keys: keys.length };
	}

	/** Accepts a QR login token as the user's second device (default: the newest pending token). */
	acceptLoginToken(a: { userId: number; token?: string }): void {
		const rec = a.token
			? this.world.auth.token(Buffer.from(a.token, 'base64url'))
			: this.world.auth.pendingToken();
		if (!rec) throw new Error('no pending login token');
		acceptToken(this.world, rec, a.userId);
	}

	clearPassword(a: { userId: number }): void {
		this.world.box(a.userId).password = undefined;
	}

	/** The last login code "sent" to a phone (what the SMS would say). */
	lastCode(a: {
		phone: string;
	}): { code: string; type: CodeKind; phoneCodeHash: string } | undefined {
		const c = this.world.auth.lastCode(a.phone);
		return c && { code: c.code, type: c.type, phoneCodeHash: c.hash };
	}

	setAuthOptions(a: {
		smsUnavailable?: boolean;
		bannedPhones?: string[];
		firstCodeType?: CodeKind | 'auto';
		codeTtlSec?: number;
		tokenTtlSec?: number;
	}): void {
		const s = this.world.auth;
		if (a.smsUnavailable !== undefined) s.smsUnavailable = a.smsUnavailable;
		for (const p of a.bannedPhones ?? []) s.bannedPhones.add(p.replace(/\D/g, ''));
		if (a.firstCodeType) s.firstCodeType = a.firstCodeType;
		if (a.codeTtlSec !== undefined) s.codeTtlSec = a.codeTtlSec;
		if (a.tokenTtlSec !== undefined) s.tokenTtlSec = a.tokenTtlSec;
	}

	setDifferenceLimits(a: { sliceLimit?: number; tooLong?: number; channelTooLong?: number }): void {
		if (a.sliceLimit) this.world.diffSliceLimit = a.sliceLimit;
		if (a.tooLong) this.world.diffTooLong = a.tooLong;
		if (a.channelTooLong) this.world.channelDiffTooLong = a.channelTooLong;
	}

	rpcLog(a: { since?: number; method?: string; userId?: number } = {}) {
		return this.world.faults.log.filter(
			(e) =>
				(!a.since || e.time >= a.since) &&
				(!a.method || e.method === a.method) &&
				(a.userId === undefined || e.userId === a.userId),
		);
	}

	/**
	 * Live connections (those that sent an encrypted packet): place (client address), DC, auth key
	 * and whether that key was invalidated for use from two places at once (AUTH_KEY_DUPLICATED).
	 */
	connections(a: { userId?: number } = {}) {
		const all = this.server.connections?.() ?? [];
		return a.userId === undefined ? all : all.filter((c) => c.userId === a.userId);
	}

	/** Keys invalidated as AUTH_KEY_DUPLICATED (of one account, or all). */
	duplicatedKeys(a: { userId?: number } = {}): Array<{ userId?: number; duplicatedAt: number }> {
		return this.authKeys
			.all()
			.filter((k) => k.duplicatedAt !== undefined)
			.filter((k) => a.userId === undefined || k.userId === String(a.userId))
			.map((k) => ({
				userId: k.userId === undefined ? undefined : Number(k.userId),
				duplicatedAt: k.duplicatedAt as number,
			}));
	}

	/** What the account sent through the RPC layer. */
	sentMessages(a: { userId: number }) {
		return this.world.box(a.userId).sent;
	}

	/** pts of an account (with qts, seq) or of a channel; updateState has the whole picture. */
	state(a: { userId?: number; channelId?: number }): {
		pts: number;
		qts?: number;
		seq?: number;
		date: number;
	} {
		if (a.channelId)
			return { pts: this.world.channels.get(a.channelId)!.pts, date: this.world.now() };
		const b = this.world.box(a.userId as number);
		return { pts: b.pts, qts: b.qts, seq: b.seq, date: this.world.now() };
	}

	private keysOf(a: { userId?: number; session?: string }): AuthKeyRecord[] {
		if (a.session) {
			const k = this.keysBySession.get(a.session);
			return k ? [k] : [];
		}
		return this.authKeys.all().filter((k) => k.userId === String(a.userId));
	}
}
