// Shared pieces of the session-layer tests: a raw session on a seeded key, the salt dance,
// and unpacking of rpc_results (containers included).
import { Api } from 'telegram';
import { newAuthKey } from '../core';
import { TlReader, TlWriter } from '../core/tl-bytes';
import { RawClient, RawSession, type ServerMessage } from './raw-client';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../../helpers/leaks';
import { startStubServer, type StubWorld } from './stub-handler';

export const ID = {
	rpcResult: 0xf35c6d01,
	rpcError: 0x2144ca19,
	gzip: 0x3072cfa1,
	container: 0x73f1f8dc,
	badSalt: 0xedab447b,
	badMsg: 0xa7eff811,
	newSession: 0x9ec20908,
	pong: 0x347773c5,
	futureSalts: 0xae500895,
	stateInfo: 0x04deb57d,
	destroyOk: 0xe22045fc,
	destroyNone: 0x62d350c9,
};

/** A raw session over a fresh seeded DC 2 key; the client is added to `open` for cleanup. */
export async function rawSession(
	w: StubWorld,
	open: RawClient[],
	transport: 'full' | 'intermediate' = 'full',
): Promise<RawSession> {
	const rec = newAuthKey(2);
	w.store.add(rec);
	const dc = w.server.dcs[0];
	const raw = await RawClient.open(dc.port, dc.host, transport);
	open.push(raw);
	return new RawSession(raw, rec.key);
}

export interface RawSessionSuite {
	/** The stub server on DC 2 (set in beforeAll). */
	w: StubWorld;
	rawSession(transport?: 'full' | 'intermediate'): Promise<RawSession>;
}

/**
 * The set-up every raw-session test file shares: one stub server on DC 2, each test's raw
 * clients closed after it, and no handle left behind after all.
 */
export function rawSessionSuite(): RawSessionSuite {
	let before: HandleCounts;
	const open: RawClient[] = [];
	const suite = {
		rawSession: (transport?: 'full' | 'intermediate') => rawSession(suite.w, open, transport),
	} as RawSessionSuite;
	beforeAll(async () => {
		before = handleSnapshot();
		suite.w = await startStubServer([2]);
	});
	afterEach(() => {
		for (const c of open.splice(0)) c.close();
	});
	afterAll(async () => {
		await suite.w.server.stop();
		await expectNoLeakedHandles(before);
	});
	return suite;
}

/** Gets the server salt the way GramJS does: a first message with salt 0. */
export async function withSalt(s: RawSession): Promise<bigint> {
	const ping = new TlWriter().uint32(0x7abe77ec).int64(7n).done();
	s.send(ping, { salt: 0n });
	const bad = await s.recvUntil(ID.badSalt);
	const r = new TlReader(bad.body, 4);
	r.int64();
	r.int32();
	expect(r.int32()).toBe(48);
	s.salt = r.int64();
	return s.salt;
}

export const getConfig = () => new Api.help.GetConfig().getBytes();

/** Flattens containers; returns rpc_results as reqMsgId → inner bytes. */
export function results(msgs: ServerMessage[]): Map<bigint, Buffer> {
	const out = new Map<bigint, Buffer>();
	const visit = (body: Buffer) => {
		const r = new TlReader(body);
		const id = r.uint32();
		if (id === ID.container) {
			const n = r.int32();
			for (let i = 0; i < n; i++) {
				r.int64();
				r.int32();
				visit(r.raw(r.int32()));
			}
		} else if (id === ID.rpcResult) {
			out.set(r.int64(), body.subarray(12));
		}
	};
	for (const m of msgs) visit(m.body);
	return out;
}

export function rpcErrorText(inner: Buffer): [number, string] {
	const r = new TlReader(inner);
	expect(r.uint32()).toBe(ID.rpcError);
	return [r.int32(), r.bytes().toString()];
}
