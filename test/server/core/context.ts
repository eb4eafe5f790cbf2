// What the parts of the core share: one per server process.
import type { MsgIdClock, SaltBook } from './clock';
import type { KeyResolver } from './keys';
import type { KeyPlaces } from './places';
import type { ServerRsaKey } from './rsa';
import type { AuthKeyRecord, AuthKeyStore, RpcHandler } from './types';

export interface CoreContext {
	handler: RpcHandler;
	store: AuthKeyStore;
	keys: KeyResolver;
	rsa: ServerRsaKey;
	ids: MsgIdClock;
	salts: SaltBook;
	/** Emulated round trip in ms (0 = none). */
	latency: number;
	/** Hash GramJS's short key form in dh_gen_ok when the key starts with a zero byte. */
	shortKeyHash: boolean;
	/** Size of the primes p, q of the handshake's pq. */
	pqPrimeBits: number;
	/** MTProxy secrets (16 bytes) the server also answers to, acting as proxy and DC at once. */
	proxySecrets: Buffer[];
	/** DCs this process serves (an MTProxy client may ask for any of them on any port). */
	dcIds: number[];
	/** A new connection's first encrypted packet under this key: false = close it (refused). */
	admit?: (key: AuthKeyRecord) => boolean;
	/** Which places (client addresses) use each key: Telegram's AUTH_KEY_DUPLICATED rule. */
	places?: KeyPlaces;
}

/** The connection under a session, as the session sees it. */
export interface Link {
	readonly closed: boolean;
	write(payload: Buffer): void;
	close(): void;
	/** ping_delay_disconnect: close unless another ping comes within `seconds`. */
	disconnectAfter(seconds: number): void;
	/** destroy_session: forget another session of the same auth key. */
	destroySession(sessionId: bigint): boolean;
}
