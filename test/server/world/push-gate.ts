// Deterministic gaps, per account: hold back, drop or duplicate the next pushes, and refuse the
// account's new connections for a while. A held or dropped push stays in the pts log, so
// getDifference still has it: exactly what a client sees when Telegram loses or reorders one.
import { Api } from 'telegram';
import type { SessionHandle, TLObject } from '../core/types';
import { long } from './ids';

/** What the gate does with the next pushes to an account; each push that reaches a session uses one. */
export type GateMode = 'hold' | 'drop' | 'duplicate';

interface Held {
	obj: TLObject;
	except?: SessionHandle;
}

interface AccountGate {
	mode?: GateMode;
	left: number;
	held: Held[];
	refuseUntil: number;
}

/** The order held pushes are released in: as they came, reversed, or indices into the held list. */
export type ReleaseOrder = 'sent' | 'reverse' | number[];

export class PushGates {
	private readonly gates = new Map<number, AccountGate>();

	private gate(userId: number): AccountGate {
		let g = this.gates.get(userId);
		if (!g) this.gates.set(userId, (g = { left: 0, held: [], refuseUntil: 0 }));
		return g;
	}

	/** The next `count` pushes to the account get `mode` (replacing a previous rule). */
	set(userId: number, mode: GateMode, count: number): void {
		const g = this.gate(userId);
		g.mode = count > 0 ? mode : undefined;
		g.left = Math.max(0, count);
	}

	/** Whether pushes to this account go through a rule or are held. */
	busy(userId: number): boolean {
		const g = this.gates.get(userId);
		return !!g && (g.left > 0 || g.held.length > 0);
	}

	/**
	 * Routes one push: returns how many times to deliver it now (0 = held or dropped, 2 =
	 * duplicated). Only called when at least one session would receive it.
	 */
	route(userId: number, obj: TLObject, except?: SessionHandle): number {
		const g = this.gates.get(userId);
		if (!g?.mode || g.left <= 0) return 1;
		const mode = g.mode;
		if (--g.left <= 0) g.mode = undefined;
		if (mode === 'hold') g.held.push({ obj, except });
		return mode === 'duplicate' ? 2 : 0;
	}

	/** Takes the held pushes out, in the order asked for (a permutation may name a subset). */
	release(userId: number, order: ReleaseOrder = 'sent'): Held[] {
		const g = this.gates.get(userId);
		if (!g) return [];
		const held = g.held;
		g.held = [];
		if (g.mode === 'hold') {
			g.mode = undefined;
			g.left = 0;
		}
		if (order === 'sent') return held;
		if (order === 'reverse') return [...held].reverse();
		for (const i of order)
			if (!Number.isInteger(i) || i < 0 || i >= held.length)
				throw new Error(`release order names push ${i} of ${held.length} held`);
		// Pushes not named in a partial order are dropped: they stay in the difference only.
		return order.map((i) => held[i]);
	}

	heldCount(userId: number): number {
		return this.gates.get(userId)?.held.length ?? 0;
	}

	refuse(userId: number, untilMs: number): void {
		this.gate(userId).refuseUntil = untilMs;
	}

	refused(userId: number): boolean {
		return (this.gates.get(userId)?.refuseUntil ?? 0) > Date.now();
	}
}

/** updateShortMessage / updateShortChatMessage as the updateNewMessage they stand for. */
function expandShort(o: TLObject, selfId: number): Api.TypeUpdate | undefined {
	if (!(o instanceof Api.UpdateShortMessage) && !(o instanceof Api.UpdateShortChatMessage))
		return undefined;
	const self = new Api.PeerUser({ userId: long(selfId) });
	const chat = o instanceof Api.UpdateShortChatMessage;
	const other = chat ? undefined : new Api.PeerUser({ userId: o.userId });
	const message = new Api.Message({
		out: o.out,
		mentioned: o.mentioned,
		mediaUnread: o.mediaUnread,
		silent: o.silent,
		id: o.id,
		fromId: chat ? new Api.PeerUser({ userId: o.fromId }) : o.out ? self : other,
		peerId: chat ? new Api.PeerChat({ chatId: o.chatId }) : other!,
		date: o.date,
		message: o.message,
		fwdFrom: o.fwdFrom,
		viaBotId: o.viaBotId,
		replyTo: o.replyTo,
		entities: o.entities,
		ttlPeriod: o.ttlPeriod,
	});
	return new Api.UpdateNewMessage({ message, pts: o.pts, ptsCount: o.ptsCount });
}

/** Several pushes as one updatesCombined: seq_start / seq span the seq-carrying ones. */
export function combine(objs: TLObject[], date: number, selfId: number): TLObject {
	const updates: Api.TypeUpdate[] = [];
	const users: Api.TypeUser[] = [];
	const chats: Api.TypeChat[] = [];
	const seqs: number[] = [];
	for (const o of objs) {
		if (o instanceof Api.Updates || o instanceof Api.UpdatesCombined) {
			updates.push(...o.updates);
			users.push(...o.users);
			chats.push(...o.chats);
			if (o.seq) seqs.push(...(o instanceof Api.UpdatesCombined ? [o.seqStart, o.seq] : [o.seq]));
		} else if (o instanceof Api.UpdateShort) {
			updates.push(o.update);
		} else if (expandShort(o, selfId)) {
			updates.push(expandShort(o, selfId)!);
		} else {
			throw new Error(`${o.className} cannot be combined`);
		}
	}
	return new Api.UpdatesCombined({
		updates,
		users,
		chats,
		date,
		seqStart: seqs.length ? Math.min(...seqs) : 0,
		seq: seqs.length ? Math.max(...seqs) : 0,
	});
}
