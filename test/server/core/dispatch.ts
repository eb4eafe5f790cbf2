// What the server does with each accepted client message: service messages here, RPCs to the
// world's handler.
import { gunzipSync, inflateSync } from 'node:zlib';
import { msgIdSeconds } from './clock';
import { errorAnswer, parseRequest, serializeAnswer } from './rpc';
import {
	destroySessionRes,
	futureSalts,
	msgsAllInfo,
	msgsStateInfo,
	pong,
	rpcAnswerUnknown,
	rpcResult,
	SVC,
} from './service-bytes';
import type { Session } from './session';
import { TlReader } from './tl-bytes';

const MAX_FUTURE_SALTS = 64;

export function dispatch(s: Session, msgId: bigint, body: Buffer, arrival: number, outer: boolean) {
	const r = new TlReader(body);
	const id = r.uint32();
	switch (id) {
		case SVC.container:
			if (outer) return container(s, r, arrival);
			return;
		case SVC.gzip:
			return dispatch(s, msgId, unzip(r.bytes()), arrival, false);
		case SVC.msgsAck:
		case SVC.httpWait:
			return;
		case SVC.ping:
			return s.answer(arrival, pong(msgId, r.int64()));
		case SVC.pingDelayDisconnect: {
			const pingId = r.int64();
			s.link?.disconnectAfter(r.int32());
			return s.answer(arrival, pong(msgId, pingId));
		}
		case SVC.getFutureSalts: {
			const num = Math.max(1, Math.min(MAX_FUTURE_SALTS, r.int32()));
			const now = Math.floor(Date.now() / 1000);
			return s.answer(arrival, futureSalts(msgId, now, s.ctx.salts.future(s.authKey.id, num)));
		}
		case SVC.msgsStateReq:
			return s.answer(arrival, msgsStateInfo(msgId, stateBytes(s, r.longVector())));
		case SVC.msgResendReq: {
			// Server messages are not kept for resending: say what we know of each id.
			const ids = r.longVector();
			return s.answer(arrival, msgsAllInfo(ids, stateBytes(s, ids)));
		}
		case SVC.destroySession: {
			const sid = r.int64();
			const ok = sid !== s.sessionId && !!s.link?.destroySession(sid);
			return s.answer(arrival, rpcResult(msgId, destroySessionRes(ok, sid)));
		}
		case SVC.rpcDropAnswer:
			return s.answer(arrival, rpcResult(msgId, rpcAnswerUnknown()));
		default:
			return rpc(s, msgId, body, arrival);
	}
}

function container(s: Session, r: TlReader, arrival: number): void {
	const n = r.int32();
	for (let i = 0; i < n; i++) {
		const innerId = r.int64();
		const seq = r.int32();
		const len = r.int32();
		const inner = r.raw(len);
		s.receiveInner(innerId, seq, inner, arrival);
	}
}

function unzip(data: Buffer): Buffer {
	try {
		return gunzipSync(data);
	} catch {
		return inflateSync(data);
	}
}

/** msgs_state_info bytes: 4 = received, 1 = unknown (too old), 2 = not received, 3 = too new. */
function stateBytes(s: Session, ids: bigint[]): Buffer {
	const now = Date.now() / 1000;
	return Buffer.from(
		ids.map((id) => {
			if (s.knows(id)) return 4;
			const t = msgIdSeconds(id);
			if (t < now - 300) return 1;
			if (t > now + 30) return 3;
			return 2;
		}),
	);
}

function rpc(s: Session, msgId: bigint, body: Buffer, arrival: number): void {
	const parsed = parseRequest(body);
	if (!parsed.ok) return s.answer(arrival, rpcResult(msgId, errorAnswer(parsed.error)));
	if (parsed.client) s.client = parsed.client;
	const request = parsed.request;
	s.noteRequest(request.className, !!parsed.withoutUpdates);
	let pending: Promise<Buffer>;
	try {
		const call = { request, method: request.className, msgId, session: s };
		pending = Promise.resolve(s.ctx.handler(call)).then(serializeAnswer);
	} catch (e) {
		pending = Promise.reject(e);
	}
	pending.then(
		(bytes) => s.answer(arrival, rpcResult(msgId, bytes)),
		(e) => s.answer(arrival, rpcResult(msgId, errorAnswer(e))),
	);
}
