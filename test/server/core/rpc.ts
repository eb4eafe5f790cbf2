// Requests in (parsed by GramJS's own TL reader, wrappers unwrapped) and answers out.
import { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions';
import { TlWriter } from './tl-bytes';
import { RawResult, RpcError, type ClientInfo, type RpcAnswer, type TLObject } from './types';

export type ParsedRequest =
	| {
			ok: true;
			request: TLObject & Record<string, unknown>;
			layer?: number;
			client?: ClientInfo;
			/** Wrapped in invokeWithoutUpdates: the session is not subscribed to updates by it. */
			withoutUpdates?: boolean;
	  }
	| { ok: false; error: RpcError };

const VECTOR = 0x1cb5c415;
const BOOL_TRUE = 0x997275b5;
const BOOL_FALSE = 0xbc799737;

function hex(id: number): string {
	return (id >>> 0).toString(16).padStart(8, '0');
}

function methodInvalid(id: number): RpcError {
	return new RpcError(400, `INPUT_METHOD_INVALID_${hex(id)}`);
}

/** Parses a request, unwrapping invokeWithLayer, initConnection, invokeWithout…, After…. */
export function parseRequest(body: Buffer): ParsedRequest {
	let obj: unknown;
	try {
		obj = new BinaryReader(body).tgReadObject();
	} catch (e) {
		const id = (e as { invalidConstructorId?: number }).invalidConstructorId;
		return { ok: false, error: methodInvalid(id ?? body.readUInt32LE(0)) };
	}
	let layer: number | undefined;
	let client: ClientInfo | undefined;
	let withoutUpdates = false;
	for (let depth = 0; depth < 8; depth++) {
		if (obj instanceof Api.InvokeWithLayer) {
			layer = obj.layer;
			obj = obj.query;
		} else if (obj instanceof Api.InitConnection) {
			client = {
				apiId: obj.apiId,
				deviceModel: obj.deviceModel,
				systemVersion: obj.systemVersion,
				appVersion: obj.appVersion,
				systemLangCode: obj.systemLangCode,
				langCode: obj.langCode,
				layer: layer ?? 0,
			};
			obj = obj.query;
		} else if (obj instanceof Api.InvokeWithoutUpdates) {
			withoutUpdates = true;
			obj = obj.query;
		} else if (
			obj instanceof Api.InvokeAfterMsg ||
			obj instanceof Api.InvokeAfterMsgs ||
			obj instanceof Api.InvokeWithMessagesRange ||
			obj instanceof Api.InvokeWithTakeout
		) {
			obj = obj.query;
		} else break;
	}
	const req = obj as Partial<TLObject> | null;
	if (!req || typeof req !== 'object' || req.classType !== 'request') {
		const id = typeof req?.CONSTRUCTOR_ID === 'number' ? req.CONSTRUCTOR_ID : body.readUInt32LE(0);
		return { ok: false, error: methodInvalid(id) };
	}
	return {
		ok: true,
		request: req as TLObject & Record<string, unknown>,
		layer,
		client,
		withoutUpdates,
	};
}

/** Serializes what a handler answered (see RpcAnswer). */
export function serializeAnswer(answer: RpcAnswer): Buffer {
	if (answer instanceof RawResult) return answer.bytes;
	if (typeof answer === 'boolean') {
		const b = Buffer.allocUnsafe(4);
		b.writeUInt32LE(answer ? BOOL_TRUE : BOOL_FALSE, 0);
		return b;
	}
	if (Array.isArray(answer)) {
		const parts = answer.map((o) => o.getBytes());
		const head = Buffer.allocUnsafe(8);
		head.writeUInt32LE(VECTOR, 0);
		head.writeInt32LE(parts.length, 4);
		return Buffer.concat([head, ...parts]);
	}
	if (answer && typeof answer.getBytes === 'function') return answer.getBytes();
	throw new Error('handler answered something that is not a TL object');
}

export function rpcErrorBytes(code: number, message: string): Buffer {
	return new TlWriter(64).uint32(0x2144ca19).int32(code).string(message).done();
}

/** Turns whatever a handler threw into rpc_error bytes; non-RpcErrors become 500 INTERNAL. */
export function errorAnswer(e: unknown): Buffer {
	if (e instanceof RpcError) return rpcErrorBytes(e.code, e.errorMessage);
	const err = e as { name?: string; code?: unknown; errorMessage?: unknown; message?: unknown };
	if (
		err?.name === 'RpcError' &&
		typeof err.code === 'number' &&
		typeof err.errorMessage === 'string'
	) {
		return rpcErrorBytes(err.code, err.errorMessage);
	}
	return rpcErrorBytes(500, `INTERNAL: ${String(err?.message ?? e)}`);
}
