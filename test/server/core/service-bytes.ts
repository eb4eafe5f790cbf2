// Bytes of MTProto service messages (schema: core.telegram.org/schema/mtproto).
import { gzipSync } from 'node:zlib';
import type { FutureSalt } from './clock';
import { TlWriter } from './tl-bytes';

export const SVC = {
	container: 0x73f1f8dc,
	gzip: 0x3072cfa1,
	msgsAck: 0x62d6b459,
	ping: 0x7abe77ec,
	pingDelayDisconnect: 0xf3427b8c,
	getFutureSalts: 0xb921bd04,
	msgsStateReq: 0xda69fb52,
	msgResendReq: 0x7d861a08,
	destroySession: 0xe7512126,
	rpcDropAnswer: 0x58e4a740,
	httpWait: 0x9299359f,
} as const;

/** Results above this size travel gzip_packed (when that makes them smaller). */
export const GZIP_THRESHOLD = 512;

/** File parts are already compressed or random: gzipping them only costs time (Telegram doesn't). */
const NOT_GZIPPED = new Set([0x096a18d5, 0x21e753bc, 0xa99fca4f]);

export function rpcResult(reqMsgId: bigint, result: Buffer): Buffer {
	let body = result;
	if (result.length > GZIP_THRESHOLD && !NOT_GZIPPED.has(result.readUInt32LE(0))) {
		const packed = new TlWriter(result.length / 2 + 16)
			.uint32(SVC.gzip)
			.bytes(gzipSync(result, { level: 4 }))
			.done();
		if (packed.length < result.length) body = packed;
	}
	const out = Buffer.allocUnsafe(12 + body.length);
	out.writeUInt32LE(0xf35c6d01, 0);
	out.writeBigInt64LE(reqMsgId, 4);
	body.copy(out, 12);
	return out;
}

export function pong(msgId: bigint, pingId: bigint): Buffer {
	return new TlWriter(20).uint32(0x347773c5).int64(msgId).int64(pingId).done();
}

export function badMsgNotification(badMsgId: bigint, badSeqNo: number, code: number): Buffer {
	return new TlWriter(24).uint32(0xa7eff811).int64(badMsgId).int32(badSeqNo).int32(code).done();
}

export function badServerSalt(badMsgId: bigint, badSeqNo: number, salt: bigint): Buffer {
	return new TlWriter(28)
		.uint32(0xedab447b)
		.int64(badMsgId)
		.int32(badSeqNo)
		.int32(48)
		.int64(salt)
		.done();
}

export function newSessionCreated(firstMsgId: bigint, uniqueId: bigint, salt: bigint): Buffer {
	return new TlWriter(28).uint32(0x9ec20908).int64(firstMsgId).int64(uniqueId).int64(salt).done();
}

/** future_salts: a *bare* vector of *bare* future_salt (no constructor ids inside). */
export function futureSalts(reqMsgId: bigint, now: number, salts: FutureSalt[]): Buffer {
	const w = new TlWriter(20 + salts.length * 16)
		.uint32(0xae500895)
		.int64(reqMsgId)
		.int32(now)
		.int32(salts.length);
	for (const s of salts) w.int32(s.validSince).int32(s.validUntil).int64(s.salt);
	return w.done();
}

/** msgs_state_info (answer to msgs_state_req) or msgs_all_info (to msg_resend_req). */
export function msgsStateInfo(reqMsgId: bigint, info: Buffer): Buffer {
	return new TlWriter(16 + info.length).uint32(0x04deb57d).int64(reqMsgId).bytes(info).done();
}

export function msgsAllInfo(msgIds: bigint[], info: Buffer): Buffer {
	return new TlWriter(16 + msgIds.length * 8 + info.length)
		.uint32(0x8cc0d131)
		.longVector(msgIds)
		.bytes(info)
		.done();
}

export function destroySessionRes(ok: boolean, sessionId: bigint): Buffer {
	return new TlWriter(12)
		.uint32(ok ? 0xe22045fc : 0x62d350c9)
		.int64(sessionId)
		.done();
}

export function rpcAnswerUnknown(): Buffer {
	return new TlWriter(4).uint32(0x5e2ad36e).done();
}
