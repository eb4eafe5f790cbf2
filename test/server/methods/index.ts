// The RpcHandler the MTProto core calls: injected faults first, then the method table; an unknown
// method answers an error naming it, and every call lands in the RPC log.
import { RpcError, type RpcCall, type RpcHandler } from '../core/types';
import { errorCode } from '../world/faults';
import type { World } from '../world/world';
import { authMethods } from './auth';
import { qrMethods } from './auth-qr';
import { channelMethods } from './channels';
import { chatMethods } from './chats';
import type { Ctx, MethodTable } from './context';
import { dialogMethods } from './dialogs';
import { helpMethods } from './help';
import { readMethods } from './messages-read';
import { sendMethods } from './messages-send';
import { passwordMethods } from './password';
import { updateMethods } from './updates';
import { uploadMethods } from './upload';
import { userMethods } from './users';

export const METHODS: MethodTable = {
	...helpMethods,
	...authMethods,
	...qrMethods,
	...passwordMethods,
	...userMethods,
	...sendMethods,
	...readMethods,
	...dialogMethods,
	...channelMethods,
	...chatMethods,
	...updateMethods,
	...uploadMethods,
};

// An injected delay must not keep a test process alive after its server stopped.
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export function createRpcHandler(w: World): RpcHandler {
	return async (call: RpcCall) => {
		const t0 = Date.now();
		const key = call.session.authKey;
		const userId = key.userId === undefined ? undefined : Number(key.userId);
		const entry = {
			time: t0,
			method: call.method,
			userId,
			dcId: call.session.dcId,
			ms: 0,
			error: undefined as string | undefined,
		};
		try {
			// Telegram invalidates a key used from two places at once, for every later request.
			if (key.duplicatedAt !== undefined) throw new RpcError(406, 'AUTH_KEY_DUPLICATED');
			const fault = w.faults.take(call.method, userId);
			if (fault?.delayMs) await sleep(fault.delayMs);
			if (fault?.error) throw new RpcError(fault.code ?? errorCode(fault.error), fault.error);
			const method = METHODS[call.method];
			if (!method) throw new RpcError(400, `METHOD_NOT_IMPLEMENTED_${call.method}`);
			const ctx: Ctx = { w, call, session: call.session, dcId: call.session.dcId, userId };
			return await method(ctx, call.request as never);
		} catch (e) {
			entry.error = e instanceof RpcError ? e.errorMessage : `INTERNAL: ${(e as Error)?.message}`;
			throw e;
		} finally {
			entry.ms = Date.now() - t0;
			w.faults.record(entry);
		}
	};
}
