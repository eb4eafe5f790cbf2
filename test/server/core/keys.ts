// Auth keys: an in-memory store, keys for pre-seeded sessions, GramJS StringSessions, and the
// lookup that also accepts GramJS's occasional short key (leading zero bytes dropped).
import { authKeyIdOf, randomBytes } from './crypto';
import type { AuthKeyRecord, AuthKeyStore } from './types';

export class MemoryAuthKeyStore implements AuthKeyStore {
	private readonly keys = new Map<bigint, AuthKeyRecord>();

	get(id: bigint): AuthKeyRecord | undefined {
		return this.keys.get(id);
	}

	add(record: AuthKeyRecord): void {
		this.keys.set(record.id, record);
	}

	delete(id: bigint): void {
		this.keys.delete(id);
	}

	all(): AuthKeyRecord[] {
		return [...this.keys.values()];
	}
}

/** Left-pads a key to 256 bytes (GramJS may hold 255 or fewer). */
export function normaliseKey(key: Buffer): Buffer {
	if (key.length === 256) return key;
	if (key.length > 256) throw new RangeError(`auth key of ${key.length} bytes`);
	const out = Buffer.alloc(256);
	key.copy(out, 256 - key.length);
	return out;
}

/** The key as GramJS stores it: big-endian integer bytes with leading zero bytes dropped. */
export function gramJsKeyForm(key: Buffer): Buffer {
	let i = 0;
	while (i < key.length - 1 && key[i] === 0) i++;
	return key.subarray(i);
}

export function makeAuthKeyRecord(key: Buffer, dcId: number): AuthKeyRecord {
	const full = normaliseKey(key);
	return { id: authKeyIdOf(full), key: full, dcId, createdAt: Date.now() };
}

/** A random 256-byte key for a pre-seeded session (first byte non-zero: one form only). */
export function newAuthKey(dcId: number): AuthKeyRecord {
	const key = randomBytes(256);
	if (key[0] === 0) key[0] = 1;
	return makeAuthKeyRecord(key, dcId);
}

/** GramJS StringSession: "1" + base64(dc:u8 | addrLen:int16BE | addr | port:int16BE | key). */
export function makeStringSession(opts: {
	dcId: number;
	host: string;
	port: number;
	key: Buffer;
}): string {
	if (opts.port > 32767) throw new RangeError('GramJS stores the port as a signed int16');
	const addr = Buffer.from(opts.host, 'utf8');
	const head = Buffer.alloc(3);
	head.writeUInt8(opts.dcId, 0);
	head.writeInt16BE(addr.length, 1);
	const port = Buffer.alloc(2);
	port.writeInt16BE(opts.port, 0);
	return '1' + Buffer.concat([head, addr, port, opts.key]).toString('base64');
}

/** What a connection encrypts with: the record, and the key bytes in the form the client holds. */
export interface ResolvedKey {
	record: AuthKeyRecord;
	key: Buffer;
}

/**
 * Finds the key for an auth_key_id. A GramJS client holding the short form of a key sends the
 * sha1 of those bytes; such aliases are learnt at handshake time or found by a scan on a miss.
 */
export class KeyResolver {
	private readonly aliases = new Map<bigint, bigint>();
	private readonly scanned = new WeakSet<AuthKeyRecord>();

	constructor(private readonly store: AuthKeyStore) {}

	/** Remembers the short-form id of a key whose first byte is zero. */
	learn(record: AuthKeyRecord): void {
		this.scanned.add(record);
		if (record.key[0] !== 0) return;
		this.aliases.set(authKeyIdOf(gramJsKeyForm(record.key)), record.id);
	}

	resolve(id: bigint): ResolvedKey | undefined {
		const direct = this.store.get(id);
		if (direct) {
			const k = direct.key;
			if (k.length === 256 || authKeyIdOf(k) === id) return { record: direct, key: k };
			return { record: direct, key: normaliseKey(k) };
		}
		let primary = this.aliases.get(id);
		if (primary === undefined) {
			for (const r of this.store.all()) if (!this.scanned.has(r)) this.learn(r);
			primary = this.aliases.get(id);
			if (primary === undefined) return undefined;
		}
		const record = this.store.get(primary);
		if (!record) {
			this.aliases.delete(id);
			return undefined;
		}
		return { record, key: gramJsKeyForm(normaliseKey(record.key)) };
	}
}
