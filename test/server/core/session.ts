// One MTProto session (auth key + session_id): msg_id / seq_no rules, salts, sealing of server
// messages. Message dispatch lives in dispatch.ts.
import { randomFillSync } from 'node:crypto';
import { msgIdSeconds } from './clock';
import type { CoreContext, Link } from './context';
import { igeEncrypt, messageAesKeyIv, messageKey, randomBytes } from './crypto';
import { dispatch } from './dispatch';
import type { ResolvedKey } from './keys';
import { badMsgNotification, badServerSalt, newSessionCreated, SVC } from './service-bytes';
import type { AuthKeyRecord, ClientInfo, SessionHandle, TLObject } from './types';

/** A server message before sealing: its msg_id and seq_no are given when it is written. */
export interface Outgoing {
	body: Buffer;
	/** 1: answer to a client message; 3: server-initiated. */
	kind: 1 | 3;
}

const REMEMBERED_IDS = 1024;
const RECENT_SEQ = 32;
const MAX_PAST_SEC = 300;
const MAX_FUTURE_SEC = 30;

export class Session implements SessionHandle {
	client?: ClientInfo;
	link?: Link;
	private readonly sidBytes = Buffer.allocUnsafe(8);
	private outSeq = 0;
	private started = false;
	private readonly seen = new Set<bigint>();
	private readonly seenOrder: bigint[] = [];
	private forgottenBelow = 0n;
	private readonly recent: Array<[bigint, number]> = [];
	private saltSlot = -1;
	private salt = 0n;
	private outbox: Outgoing[] = [];
	private flushQueued = false;
	readonly timers = new Set<NodeJS.Timeout>();
	/** Subscribed to updates: by its first plain request; invokeWithoutUpdates / file queries only → off. */
	private updatesMode: 'unknown' | 'on' | 'off' = 'unknown';

	constructor(
		readonly ctx: CoreContext,
		readonly sessionId: bigint,
		readonly dcId: number,
		public resolved: ResolvedKey,
		/** auth_key_id as this client sends it (the short-form id for GramJS's 255-byte keys). */
		private readonly wireKeyId: Buffer,
	) {
		this.sidBytes.writeBigInt64LE(sessionId, 0);
	}

	get authKey(): AuthKeyRecord {
		return this.resolved.record;
	}

	get closed(): boolean {
		return !this.link || this.link.closed;
	}

	get receivesUpdates(): boolean {
		return this.updatesMode !== 'off';
	}

	/**
	 * Telegram subscribes a session to updates with its first request, unless the request is
	 * wrapped in invokeWithoutUpdates or is a file query (upload.*). A session that asked for
	 * nothing yet still receives them (GramJS's reconnect sends no request: see README).
	 */
	noteRequest(method: string, withoutUpdates: boolean): void {
		if (this.updatesMode === 'on') return;
		if (withoutUpdates || method.startsWith('upload.')) this.updatesMode = 'off';
		else this.updatesMode = 'on';
	}

	push(obj: TLObject): void {
		this.sendNow({ body: obj.getBytes(), kind: 3 });
	}

	close(): void {
		this.link?.close();
	}

	currentSalt(): bigint {
		const slot = this.ctx.salts.currentSlot();
		if (slot !== this.saltSlot) {
			this.saltSlot = slot;
			this.salt = this.ctx.salts.saltFor(this.authKey.id, slot);
		}
		return this.salt;
	}

	/** One decrypted client message (the outer one of a packet). */
	receive(salt: bigint, msgId: bigint, seqNo: number, body: Buffer, arrival: number): void {
		const bad = this.check(msgId, seqNo, isContentRelated(body), isMsgsAck(body));
		if (bad === 'dup') return;
		if (bad) return this.answer(arrival, badMsgNotification(msgId, seqNo, bad));
		if (salt !== this.currentSalt() && !this.ctx.salts.isValid(this.authKey.id, salt)) {
			return this.answer(arrival, badServerSalt(msgId, seqNo, this.currentSalt()));
		}
		this.remember(msgId, seqNo);
		if (!this.started) {
			this.started = true;
			const unique = randomBytes(8).readBigInt64LE(0);
			this.sendNow({ body: newSessionCreated(msgId, unique, this.currentSalt()), kind: 3 });
		}
		dispatch(this, msgId, body, arrival, true);
	}

	/** An inner message of a container: msg_id rules apply, the salt was checked outside. */
	receiveInner(msgId: bigint, seqNo: number, body: Buffer, arrival: number): void {
		const bad = this.check(msgId, seqNo, isContentRelated(body), isMsgsAck(body));
		if (bad === 'dup') return;
		if (bad) return this.answer(arrival, badMsgNotification(msgId, seqNo, bad));
		this.remember(msgId, seqNo);
		dispatch(this, msgId, body, arrival, false);
	}

	/** Error code of bad_msg_notification for this msg_id / seq_no, 'dup', or 0 when fine. */
	check(msgId: bigint, seqNo: number, content: boolean, isAck = false): number | 'dup' {
		if ((msgId & 3n) !== 0n) return 18;
		if (this.seen.has(msgId)) return 'dup';
		const t = msgIdSeconds(msgId);
		const now = Date.now() / 1000;
		if (t < now - MAX_PAST_SEC) return 16;
		if (t > now + MAX_FUTURE_SEC) return 17;
		if (msgId <= this.forgottenBelow) return 20;
		const odd = (seqNo & 1) === 1;
		if (content && !odd) return 35;
		// Telegram tolerates an odd seq_no on msgs_ack (mtcute 0.30 sends its acks that way and
		// treats code 34 as fatal); only a container with an odd seq_no is refused.
		if (!content && odd && !isAck) return 34;
		for (const [id, seq] of this.recent) {
			if (id < msgId && (seq > seqNo || (seq === seqNo && odd))) return 32;
			if (id > msgId && (seq < seqNo || (seq === seqNo && odd))) return 33;
		}
		return 0;
	}

	private remember(msgId: bigint, seqNo: number): void {
		this.seen.add(msgId);
		this.seenOrder.push(msgId);
		if (this.seenOrder.length > REMEMBERED_IDS) {
			const old = this.seenOrder.shift()!;
			this.seen.delete(old);
			if (old > this.forgottenBelow) this.forgottenBelow = old;
		}
		this.recent.push([msgId, seqNo]);
		if (this.recent.length > RECENT_SEQ) this.recent.shift();
	}

	knows(msgId: bigint): boolean {
		return this.seen.has(msgId);
	}

	/** Queues an answer for `arrival + latency`; answers ready together share a container. */
	answer(arrival: number, body: Buffer): void {
		const delay = this.ctx.latency ? arrival + this.ctx.latency - Date.now() : 0;
		if (delay <= 0) return this.enqueue({ body, kind: 1 });
		const t = setTimeout(() => {
			this.timers.delete(t);
			this.enqueue({ body, kind: 1 });
		}, delay);
		this.timers.add(t);
	}

	private enqueue(m: Outgoing): void {
		this.outbox.push(m);
		if (this.flushQueued) return;
		this.flushQueued = true;
		queueMicrotask(() => this.flush());
	}

	private flush(): void {
		this.flushQueued = false;
		const batch = this.outbox;
		this.outbox = [];
		if (!batch.length || this.closed) return;
		try {
			// GramJS stops reading a container at its first rpc_error (MTProtoSender._handleRPCResult
			// rethrows), losing every answer after it: errors go out alone, after the rest.
			const errors = batch.filter(isRpcErrorAnswer);
			const rest = errors.length ? batch.filter((m) => !isRpcErrorAnswer(m)) : batch;
			if (rest.length) this.link!.write(this.seal(rest));
			for (const e of errors) this.link!.write(this.seal([e]));
		} catch {
			// Runs in a microtask: a throw here would take the whole process down.
			this.link?.close();
		}
	}

	/** Sends at once, in its own message (pushes and new_session_created). */
	sendNow(m: Outgoing): void {
		if (this.closed) return;
		this.flush();
		this.link!.write(this.seal([m]));
	}

	/** Drops pending answers (the connection under the session went away). */
	detach(link: Link): void {
		if (this.link !== link) return;
		this.link = undefined;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		this.outbox = [];
	}

	private seqNo(content: boolean): number {
		return content ? this.outSeq++ * 2 + 1 : this.outSeq * 2;
	}

	/** Encrypts one message, or a msg_container of several, for the wire. */
	private seal(batch: Outgoing[]): Buffer {
		let body: Buffer;
		let msgId: bigint;
		let seq: number;
		if (batch.length === 1) {
			body = batch[0].body;
			msgId = this.ctx.ids.next(batch[0].kind);
			seq = this.seqNo(true);
		} else {
			let size = 8;
			for (const m of batch) size += 16 + m.body.length;
			body = Buffer.allocUnsafe(size);
			body.writeUInt32LE(SVC.container, 0);
			body.writeInt32LE(batch.length, 4);
			let at = 8;
			for (const m of batch) {
				body.writeBigInt64LE(this.ctx.ids.next(m.kind), at);
				body.writeInt32LE(this.seqNo(true), at + 8);
				body.writeInt32LE(m.body.length, at + 12);
				m.body.copy(body, at + 16);
				at += 16 + m.body.length;
			}
			msgId = this.ctx.ids.next(1);
			seq = this.seqNo(false);
		}
		const pad = 12 + ((16 - ((32 + body.length + 12) % 16)) % 16);
		const plain = Buffer.allocUnsafe(32 + body.length + pad);
		plain.writeBigInt64LE(this.currentSalt(), 0);
		this.sidBytes.copy(plain, 8);
		plain.writeBigInt64LE(msgId, 16);
		plain.writeInt32LE(seq, 24);
		plain.writeInt32LE(body.length, 28);
		body.copy(plain, 32);
		randomFillSync(plain, 32 + body.length, pad);
		const key = this.resolved.key;
		const msgKey = messageKey(key, plain, 8);
		const [aesKey, iv] = messageAesKeyIv(key, msgKey, 8);
		const out = Buffer.allocUnsafe(24 + plain.length);
		this.wireKeyId.copy(out, 0);
		msgKey.copy(out, 8);
		igeEncrypt(plain, aesKey, iv, out, 24);
		return out;
	}
}

const RPC_RESULT = 0xf35c6d01;
const RPC_ERROR = 0x2144ca19;

/** rpc_result(req_msg_id, rpc_error …) as the dispatcher writes it (never gzipped: it is small). */
function isRpcErrorAnswer(m: Outgoing): boolean {
	const b = m.body;
	return b.length >= 16 && b.readUInt32LE(0) === RPC_RESULT && b.readUInt32LE(12) === RPC_ERROR;
}

function isMsgsAck(body: Buffer): boolean {
	return body.length >= 4 && body.readUInt32LE(0) === SVC.msgsAck;
}

/** Containers and acks are the only client messages that are not content-related. */
function isContentRelated(body: Buffer): boolean {
	if (body.length < 4) return true;
	const id = body.readUInt32LE(0);
	return id !== SVC.container && id !== SVC.msgsAck;
}
