// Control operations that make update gaps on purpose, deterministically, and read an account's
// update state from the server side. Every push counted here is one Updates object that at least
// one of the account's update sessions would have received (nobody connected = nothing counted).
//
//   holdPushes({ userId, count })           the next `count` pushes are held back (not sent)
//   releasePushes({ userId, order, combined }) send the held ones now: order 'sent' | 'reverse' |
//                                           [indices] (unnamed ones are dropped); combined = one
//                                           updatesCombined (seq_start..seq) instead of one each
//   dropPushes({ userId, count })           the next `count` pushes are never sent
//   duplicatePushes({ userId, count })      the next `count` pushes are sent twice
//   pushTooLong({ userId })                 sends updatesTooLong (the client must getDifference)
//   refuseReconnects({ userId, seconds, drop }) new connections of the account are closed
//                                           unanswered for `seconds`; drop = close live ones too
//   acceptReconnects({ userId })            ends a refusal early
//   updateState({ userId })                 pts / qts / seq / date, held count, channel pts
// Held or dropped pushes stay in the account's pts log: getDifference still returns them.
import { Api } from 'telegram';
import type { ReleaseOrder } from '../world/push-gate';
import { ControlSeed } from './seed';

export interface UpdateStateView {
	pts: number;
	qts: number;
	seq: number;
	date: number;
	/** Pushes held back by holdPushes, not yet released. */
	held: number;
	/** Channels in the account's dialogs, with their pts. */
	channels: Array<{ channelId: number; pts: number }>;
}

export class ControlGaps extends ControlSeed {
	holdPushes(a: { userId: number; count?: number }): void {
		this.world.gates.set(a.userId, 'hold', a.count ?? 1);
	}

	releasePushes(a: { userId: number; order?: ReleaseOrder; combined?: boolean }): {
		released: number;
	} {
		return { released: this.world.releasePushes(a.userId, a.order, a.combined) };
	}

	dropPushes(a: { userId: number; count?: number }): void {
		this.world.gates.set(a.userId, 'drop', a.count ?? 1);
	}

	duplicatePushes(a: { userId: number; count?: number }): void {
		this.world.gates.set(a.userId, 'duplicate', a.count ?? 1);
	}

	pushTooLong(a: { userId: number }): void {
		this.world.push(a.userId, () => new Api.UpdatesTooLong());
	}

	/** Closes new connections of the account for `seconds` (and its live ones with drop). */
	refuseReconnects(a: { userId: number; seconds: number; drop?: boolean }): { dropped: number } {
		this.world.gates.refuse(a.userId, Date.now() + a.seconds * 1000);
		if (!a.drop) return { dropped: 0 };
		const list = this.world.liveSessions(a.userId);
		for (const s of list) s.close();
		return { dropped: list.length };
	}

	acceptReconnects(a: { userId: number }): void {
		this.world.gates.refuse(a.userId, 0);
	}

	updateState(a: { userId: number }): UpdateStateView {
		const w = this.world;
		const b = w.box(a.userId);
		const channels: UpdateStateView['channels'] = [];
		for (const d of b.dialogs.values()) {
			const ch = d.peer.type === 'channel' ? w.channels.get(d.peer.id) : undefined;
			if (ch) channels.push({ channelId: ch.id, pts: ch.pts });
		}
		return {
			pts: b.pts,
			qts: b.qts,
			seq: b.seq,
			date: w.now(),
			held: w.gates.heldCount(a.userId),
			channels,
		};
	}
}
