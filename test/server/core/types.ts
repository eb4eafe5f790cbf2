// The contract between the MTProto core of the loopback server (transports, handshake, session
// layer: test/server/core) and the world that answers RPCs (test/server/world, methods, control).
// The core knows nothing of users or messages; the world knows nothing of bytes on the wire.
import type { ConnectionInfo } from './places';

export type { ConnectionInfo } from './places';

/** Any GramJS TL object (`new Api.X(...)`): the server builds answers with GramJS's own classes. */
export interface TLObject {
	CONSTRUCTOR_ID: number;
	className: string;
	classType: string;
	getBytes(): Buffer;
}

/**
 * What a handler may answer:
 * - a TL object (serialized with getBytes),
 * - an array (serialized as a boxed Vector of its elements' bytes),
 * - a boolean (boolTrue / boolFalse),
 * - `RawResult` (bytes already serialized, e.g. cached message bytes or a Vector<long>).
 */
export type RpcAnswer = TLObject | TLObject[] | boolean | RawResult;

export class RawResult {
	constructor(public readonly bytes: Buffer) {}
}

/** Throw this from a handler to answer rpc_error. */
export class RpcError extends Error {
	constructor(
		public readonly code: number,
		public readonly errorMessage: string,
	) {
		super(`${code}: ${errorMessage}`);
		this.name = 'RpcError';
	}
}

export interface AuthKeyRecord {
	/** auth_key_id: the low 64 bits of sha1(key), as the wire carries it (little-endian long). */
	id: bigint;
	/** 256 bytes. GramJS occasionally stores 255 (leading zero dropped); the core normalises it. */
	key: Buffer;
	/** DC the key was created on (keys are per DC, as in Telegram). */
	dcId: number;
	/** Account (user id as decimal string) this key is signed in as; undefined = not authorized. */
	userId?: string;
	createdAt: number;
	/** Set when the key was used from two places at once: every request then gets 406. */
	duplicatedAt?: number;
}

export interface AuthKeyStore {
	get(id: bigint): AuthKeyRecord | undefined;
	add(record: AuthKeyRecord): void;
	/** Forget the key entirely: the core then answers transport error -404 on it. */
	delete(id: bigint): void;
	all(): AuthKeyRecord[];
}

/** What initConnection told the server about the client (kept per auth key + session). */
export interface ClientInfo {
	apiId: number;
	deviceModel: string;
	systemVersion: string;
	appVersion: string;
	systemLangCode: string;
	langCode: string;
	layer: number;
}

/** One MTProto session (one auth key + session_id, over one TCP connection). */
export interface SessionHandle {
	readonly sessionId: bigint;
	readonly dcId: number;
	readonly authKey: AuthKeyRecord;
	readonly client?: ClientInfo;
	readonly closed: boolean;
	/**
	 * false once the session asked for no updates (its requests wrapped in invokeWithoutUpdates,
	 * or only file queries, as Telegram does); undefined = receives them.
	 */
	readonly receivesUpdates?: boolean;
	/** Send a server-initiated message (usually an Updates object) on this session. */
	push(obj: TLObject): void;
	/** Close the TCP connection under this session. */
	close(): void;
}

export interface RpcCall {
	/** The inner request with invokeWithLayer / initConnection / invokeWithoutUpdates unwrapped. */
	request: TLObject & Record<string, unknown>;
	/** The method name as in the schema, e.g. 'messages.SendMessage' (GramJS className). */
	method: string;
	msgId: bigint;
	session: SessionHandle;
}

export type RpcHandler = (call: RpcCall) => Promise<RpcAnswer>;

export interface DcEndpoint {
	id: number;
	host: string;
	/** ≤ 32767: GramJS's StringSession stores the port as a signed int16. */
	port: number;
}

export interface MtprotoServerOptions {
	/** DCs served by this process; port 0 = pick a free port in 10000–32000. */
	dcs: Array<{ id: number; port?: number; host?: string }>;
	handler: RpcHandler;
	authKeys: AuthKeyStore;
	/** PEM of the RSA-2048 private key; default: the fixed test key in core/rsa-test-key.ts. */
	rsaPrivateKeyPem?: string;
}

export interface MtprotoServer {
	readonly dcs: DcEndpoint[];
	readonly rsaPublicKeyPem: string;
	/** Fingerprint as GramJS's `_serverKeys` map keys it: a decimal string of the signed long. */
	readonly rsaFingerprint: string;
	start(): Promise<void>;
	/** Closes every listener and connection; resolves when all sockets are gone. */
	stop(): Promise<void>;
	/** Live sessions (those whose connection is open). */
	sessions(): SessionHandle[];
	/** Emulated round trip: every answer is written this many ms after its request arrived. */
	setLatency(ms: number): void;
	/** Live connections that sent an encrypted packet, with the place each comes from. */
	connections?(): ConnectionInfo[];
}
