// Calling the RPC handler directly with GramJS request objects: world unit tests without sockets.
import { BinaryReader } from 'telegram/extensions';
import type { AuthKeyRecord, RpcAnswer, SessionHandle, TLObject as CoreTL } from '../core/types';
import { createRpcHandler } from '../methods/index';
import { World, type WorldOptions } from '../world/world';

export interface FakeSession extends SessionHandle {
	pushed: CoreTL[];
}

export function fakeSession(userId: number | undefined, dcId = 1): FakeSession {
	const authKey: AuthKeyRecord = {
		id: BigInt(Math.floor(Math.random() * 1e15)),
		key: Buffer.alloc(256),
		dcId,
		userId: userId === undefined ? undefined : String(userId),
		createdAt: Date.now(),
	};
	const pushed: CoreTL[] = [];
	return {
		sessionId: 1n,
		dcId,
		authKey,
		closed: false,
		pushed,
		push: (obj) => pushed.push(obj),
		close: () => undefined,
	};
}

export function directWorld(opts: WorldOptions = {}) {
	const w = new World({ dcIds: [1, 2], ...opts });
	w.endpoints = [
		{ id: 1, host: '127.0.0.1', port: 10001 },
		{ id: 2, host: '127.0.0.2', port: 10002 },
	];
	const sessions: FakeSession[] = [];
	w.sessions = () => sessions;
	const handler = createRpcHandler(w);
	let msgId = 4n;
	return {
		w,
		sessions,
		session(userId: number | undefined, dcId = 1): FakeSession {
			const s = fakeSession(userId, dcId);
			sessions.push(s);
			return s;
		},
		/**
		 * Invokes like the core would (`method` from the request's className); a TL answer is
		 * serialized and read back with GramJS, as a client would see it.
		 */
		async call<T = RpcAnswer>(session: SessionHandle, request: object): Promise<T> {
			const r = request as unknown as CoreTL & Record<string, unknown>;
			const answer = await handler({
				request: r,
				method: r.className,
				msgId: (msgId += 4n),
				session,
			});
			if (answer && typeof answer === 'object' && 'getBytes' in answer) {
				return new BinaryReader(answer.getBytes()).tgReadObject() as T;
			}
			return answer as T;
		},
	};
}
