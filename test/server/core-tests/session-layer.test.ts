// Session-layer conformance, driven by a raw client that can break the rules GramJS keeps.
import { Api } from 'telegram';
import { TlReader, TlWriter } from '../core/tl-bytes';
import type { ServerMessage } from './raw-client';
import { getConfig, ID, rawSessionSuite, results, rpcErrorText, withSalt } from './session-kit';

const kit = rawSessionSuite();
const rawSession = kit.rawSession;

test('salt 0 gets bad_server_salt, the resend is answered after new_session_created', async () => {
	const s = await rawSession();
	const first = s.send(getConfig(), { salt: 0n });
	const bad = await s.recvUntil(ID.badSalt);
	expect(bad.msgId % 4n).toBe(1n);
	expect(new TlReader(bad.body, 4).int64()).toBe(first);
	s.salt = new TlReader(bad.body, 20).int64();
	const again = s.send(getConfig());
	const created = await s.recv();
	expect(created.body.readUInt32LE(0)).toBe(ID.newSession);
	expect(created.msgId % 4n).toBe(3n);
	expect(created.body.readBigInt64LE(4)).toBe(again);
	const res = await s.recvUntil(ID.rpcResult);
	expect(res.msgId % 4n).toBe(1n);
	expect(res.seqNo % 2).toBe(1);
	expect(res.msgId).toBeGreaterThan(created.msgId);
	expect(res.body.readBigInt64LE(4)).toBe(again);
	expect(res.sessionId).toBe(s.raw.sessionId);
	expect(res.salt).toBe(s.salt);
});

test('a container of requests: each answered with its own req_msg_id', async () => {
	const s = await rawSession();
	await withSalt(s);
	const bodies = [
		getConfig(),
		new Api.updates.GetState().getBytes(),
		new Api.help.GetNearestDc().getBytes(),
	];
	const ids = bodies.map(() => s.raw.newMsgId());
	const c = new TlWriter().uint32(ID.container).int32(bodies.length);
	bodies.forEach((b, i) => c.int64(ids[i]).int32(s.nextSeq()).int32(b.length).raw(b));
	s.send(c.done(), { seqNo: s.nextSeq(false) });
	const got: ServerMessage[] = [];
	while (results(got).size < 3) got.push(await s.recv());
	const res = results(got);
	expect(res.get(ids[0])!.readUInt32LE(0)).toBe(Api.Config.CONSTRUCTOR_ID);
	expect(res.get(ids[1])!.readUInt32LE(0)).toBe(Api.updates.State.CONSTRUCTOR_ID);
	expect(rpcErrorText(res.get(ids[2])!)).toEqual([400, 'METHOD_NOT_STUBBED_help.GetNearestDc']);
});

test.each([
	['not divisible by 4', (id: bigint) => id + 2n, 18],
	['too old', (id: bigint) => id - (400n << 32n), 16],
	['too new', (id: bigint) => id + (60n << 32n), 17],
])('bad msg_id (%s) gets the matching bad_msg_notification', async (_name, mangle, code) => {
	const s = await rawSession();
	await withSalt(s);
	const msgId = mangle(s.raw.newMsgId());
	s.send(getConfig(), { msgId });
	const m = await s.recvUntil(ID.badMsg);
	const r = new TlReader(m.body, 4);
	expect(r.int64()).toBe(msgId);
	r.int32();
	expect(r.int32()).toBe(code);
});

test('seq_no rules: even seq_no on a request → 35, seq_no going back → 32', async () => {
	const s = await rawSession();
	await withSalt(s);
	s.send(getConfig(), { seqNo: 2 });
	let m = await s.recvUntil(ID.badMsg);
	expect(m.body.readInt32LE(16)).toBe(35);
	s.send(getConfig(), { seqNo: 9 });
	await s.recvUntil(ID.rpcResult);
	s.send(getConfig(), { seqNo: 5 });
	m = await s.recvUntil(ID.badMsg);
	expect(m.body.readInt32LE(16)).toBe(32);
});

test('a duplicate msg_id is ignored', async () => {
	const s = await rawSession();
	await withSalt(s);
	const id = s.raw.newMsgId();
	const seq = s.nextSeq();
	s.send(getConfig(), { msgId: id, seqNo: seq });
	s.send(getConfig(), { msgId: id, seqNo: seq });
	// Answers come in any order; a ping sent after the first answer closes the window.
	const seen: ServerMessage[] = [];
	const pongFor = async (pingId: bigint) => {
		s.send(new TlWriter().uint32(0x7abe77ec).int64(pingId).done());
		for (;;) {
			const m = await s.recv();
			seen.push(m);
			if (m.body.readUInt32LE(0) === ID.pong && m.body.readBigInt64LE(12) === pingId) return;
		}
	};
	await s.recvUntil(ID.rpcResult);
	await pongFor(98n);
	await pongFor(99n);
	expect(results(seen).size).toBe(0);
});

test('ping → pong (not in rpc_result); ping_delay_disconnect closes after delay', async () => {
	const s = await rawSession();
	await withSalt(s);
	const id = s.send(new TlWriter().uint32(0x7abe77ec).int64(1234n).done());
	const pong = await s.recvUntil(ID.pong);
	expect(pong.body.readBigInt64LE(4)).toBe(id);
	expect(pong.body.readBigInt64LE(12)).toBe(1234n);
	const t0 = Date.now();
	s.send(new TlWriter().uint32(0xf3427b8c).int64(5n).int32(1).done());
	expect((await s.recvUntil(ID.pong)).body.readBigInt64LE(12)).toBe(5n);
	expect(await s.raw.nextPacket(4000)).toBeUndefined();
	expect(s.raw.closedByServer).toBe(true);
	expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
});

test('get_future_salts: bare vector of bare future_salt, from the current salt', async () => {
	const s = await rawSession();
	const salt = await withSalt(s);
	const req = s.send(new TlWriter().uint32(0xb921bd04).int32(3).done());
	const m = await s.recvUntil(ID.futureSalts);
	expect(m.body.length).toBe(4 + 8 + 4 + 4 + 3 * 16);
	const r = new TlReader(m.body, 4);
	expect(r.int64()).toBe(req);
	const now = r.int32();
	expect(Math.abs(now - Date.now() / 1000)).toBeLessThan(5);
	expect(r.int32()).toBe(3);
	const salts = [0, 1, 2].map(() => ({ since: r.int32(), until: r.int32(), salt: r.int64() }));
	expect(salts[0].salt).toBe(salt);
	expect(salts[0].since).toBeLessThanOrEqual(now);
	expect(salts[0].until).toBeGreaterThan(now);
	expect(salts[1].since).toBeGreaterThan(salts[0].since);
	expect(new Set(salts.map((x) => x.salt)).size).toBe(3);
});

test('seq_no too high for its msg_id → 33; a msg_id below the remembered window → 20', async () => {
	const s = await rawSession();
	await withSalt(s);
	const base = s.raw.newMsgId();
	s.send(getConfig(), { msgId: base + 40n, seqNo: 5 });
	await s.recvUntil(ID.rpcResult);
	s.send(getConfig(), { msgId: base + 20n, seqNo: 7 });
	expect((await s.recvUntil(ID.badMsg)).body.readInt32LE(16)).toBe(33);
	// Acks get no answer; 1100 of them push older msg_ids out of what the server remembers.
	const ack = new TlWriter().uint32(0x62d6b459).longVector([]).done();
	for (let i = 0; i < 1100; i++) s.send(ack, { msgId: base + 100n + BigInt(i) * 4n, seqNo: 8 });
	s.send(getConfig(), { msgId: base + 60n, seqNo: 9 });
	expect((await s.recvUntil(ID.badMsg)).body.readInt32LE(16)).toBe(20);
});
