// Service messages and RPC plumbing of the session layer, driven by the raw client.
import { gzipSync } from 'node:zlib';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { RpcError } from '../core';
import { TlReader, TlWriter } from '../core/tl-bytes';
import type { ServerMessage } from './raw-client';
import { getConfig, ID, rawSessionSuite, results, rpcErrorText, withSalt } from './session-kit';
import { bigUsers } from './stub-handler';

const kit = rawSessionSuite();
const rawSession = kit.rawSession;

test('msgs_state_req, destroy_session, msgs_ack', async () => {
	const s = await rawSession();
	await withSalt(s);
	const known = s.send(getConfig());
	await s.recvUntil(ID.rpcResult);
	s.send(new TlWriter().uint32(0x62d6b459).longVector([known]).done(), { seqNo: s.nextSeq(false) });
	const req = s.send(new TlWriter().uint32(0xda69fb52).longVector([known]).done());
	const info = await s.recvUntil(ID.stateInfo);
	const r = new TlReader(info.body, 4);
	expect(r.int64()).toBe(req);
	expect([...r.bytes()]).toEqual([4]);
	const d = s.send(new TlWriter().uint32(0xe7512126).int64(424242n).done());
	const res = results([await s.recvUntil(ID.rpcResult)]);
	expect(res.get(d)!.readUInt32LE(0)).toBe(ID.destroyNone);
});

test('unknown constructor → INPUT_METHOD_INVALID_<hex>, also inside a wrapper', async () => {
	const s = await rawSession();
	await withSalt(s);
	const a = s.send(new TlWriter().uint32(0x12345678).int32(1).done());
	const inner = new TlWriter().uint32(0x0badf00d).done();
	const b = s.send(new TlWriter().uint32(0xda9b0d0d).int32(198).raw(inner).done());
	const got: ServerMessage[] = [];
	while (results(got).size < 2) got.push(await s.recv());
	const res = results(got);
	expect(rpcErrorText(res.get(a)!)).toEqual([400, 'INPUT_METHOD_INVALID_12345678']);
	expect(rpcErrorText(res.get(b)!)).toEqual([400, 'INPUT_METHOD_INVALID_0badf00d']);
});

test('handler throws: RpcError as is, others 500 INTERNAL; the server goes on', async () => {
	kit.w.handler.on.set('help.GetNearestDc', () => {
		throw new RpcError(420, 'FLOOD_WAIT_3');
	});
	kit.w.handler.on.set('help.GetAppConfig', () => {
		throw new Error('boom');
	});
	try {
		const s = await rawSession('intermediate');
		await withSalt(s);
		const a = s.send(new Api.help.GetNearestDc().getBytes());
		const b = s.send(new Api.help.GetAppConfig({ hash: 0 }).getBytes());
		const c = s.send(getConfig());
		const got: ServerMessage[] = [];
		while (results(got).size < 3) got.push(await s.recv());
		const res = results(got);
		expect(rpcErrorText(res.get(a)!)).toEqual([420, 'FLOOD_WAIT_3']);
		expect(rpcErrorText(res.get(b)!)).toEqual([500, 'INTERNAL: boom']);
		expect(res.get(c)!.readUInt32LE(0)).toBe(Api.Config.CONSTRUCTOR_ID);
	} finally {
		kit.w.handler.on.clear();
	}
});

test('large results travel gzip_packed', async () => {
	const s = await rawSession();
	await withSalt(s);
	kit.w.handler.on.set('users.GetUsers', () => bigUsers());
	try {
		const id = s.send(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }).getBytes());
		const res = results([await s.recvUntil(ID.rpcResult)]);
		expect(res.get(id)!.readUInt32LE(0)).toBe(ID.gzip);
	} finally {
		kit.w.handler.on.clear();
	}
});

test('push: its own message, msg_id ≡ 3 mod 4, odd seq_no, after earlier answers', async () => {
	const s = await rawSession();
	await withSalt(s);
	const req = s.send(getConfig());
	await s.recvUntil(ID.rpcResult);
	const handle = kit.w.server.sessions().find((x) => x.sessionId === s.raw.sessionId)!;
	expect(handle.dcId).toBe(2);
	handle.push(new Api.UpdatesTooLong());
	const m = await s.recv();
	expect(m.body.readUInt32LE(0)).toBe(Api.UpdatesTooLong.CONSTRUCTOR_ID);
	expect(m.msgId % 4n).toBe(3n);
	expect(m.seqNo % 2).toBe(1);
	expect(m.msgId).toBeGreaterThan(req);
});

test('msg_resend_req gets msgs_all_info; a wrong TCP-full seq closes the connection', async () => {
	const s = await rawSession();
	await withSalt(s);
	const known = s.send(getConfig());
	await s.recvUntil(ID.rpcResult);
	s.send(new TlWriter().uint32(0x7d861a08).longVector([known, 4n]).done());
	const all = await s.recvUntil(0x8cc0d131);
	const r = new TlReader(all.body, 4);
	expect(r.longVector()).toEqual([known, 4n]);
	expect([...r.bytes()]).toEqual([4, 1]);
	// Skip one TCP-full sequence number: Telegram drops such a connection.
	(s.raw as unknown as { sendSeq: number }).sendSeq++;
	s.send(getConfig());
	expect(await s.raw.nextPacket(3000)).toBeUndefined();
	expect(s.raw.closedByServer).toBe(true);
});

test('gzip_packed from the client; invokeAfterMsg / invokeWithoutUpdates unwrapped', async () => {
	const s = await rawSession();
	await withSalt(s);
	const packed = new TlWriter().uint32(ID.gzip).bytes(gzipSync(getConfig())).done();
	const a = s.send(packed);
	const wrapped = new Api.InvokeWithoutUpdates({
		query: new Api.InvokeAfterMsg({
			msgId: bigInt(a.toString()),
			query: new Api.updates.GetState(),
		}),
	}).getBytes();
	const b = s.send(wrapped);
	const got: ServerMessage[] = [];
	while (results(got).size < 2) got.push(await s.recv());
	const res = results(got);
	expect(res.get(a)!.readUInt32LE(0)).toBe(Api.Config.CONSTRUCTOR_ID);
	expect(res.get(b)!.readUInt32LE(0)).toBe(Api.updates.State.CONSTRUCTOR_ID);
	expect(kit.w.handler.calls.slice(-1)[0].method).toBe('updates.GetState');
});

test('file parts are not gzipped (they rarely shrink), other large results are', async () => {
	const s = await rawSession();
	await withSalt(s);
	kit.w.handler.on.set(
		'upload.GetFile',
		() =>
			new Api.upload.File({
				type: new Api.storage.FileUnknown(),
				mtime: 0,
				bytes: Buffer.alloc(4096, 1),
			}),
	);
	try {
		const loc = new Api.InputDocumentFileLocation({
			id: bigInt(1),
			accessHash: bigInt(2),
			fileReference: Buffer.alloc(0),
			thumbSize: '',
		});
		const id = s.send(
			new Api.upload.GetFile({ location: loc, offset: bigInt(0), limit: 4096 }).getBytes(),
		);
		const res = results([await s.recvUntil(ID.rpcResult)]);
		expect(res.get(id)!.readUInt32LE(0)).toBe(Api.upload.File.CONSTRUCTOR_ID);
	} finally {
		kit.w.handler.on.clear();
	}
});
