// GramJS itself against the core: sessions, gzip, errors, latency, forgotten keys, DC binding.
import { Api } from 'telegram';
import { RPCError } from 'telegram/errors';
import { settlesWithin, waitFor, withDeadline } from '../../helpers/deadline';
import { connectGramJs } from '../../helpers/gramjs';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../../helpers/leaks';
import { makeStringSession, newAuthKey, type AuthKeyRecord } from '../core';
import { RawClient, RawSession } from './raw-client';
import { bigUsers, startStubServer, type StubWorld } from './stub-handler';

let before: HandleCounts;
let w: StubWorld;

beforeAll(async () => {
	before = handleSnapshot();
	w = await startStubServer([1, 2]);
});

afterEach(() => {
	w.server.setLatency(0);
	w.handler.on.clear();
});

afterAll(async () => {
	await w.server.stop();
	await expectNoLeakedHandles(before);
});

function seeded(dcId = 2): { rec: AuthKeyRecord; session: string } {
	const rec = newAuthKey(dcId);
	w.store.add(rec);
	const dc = w.server.dcs.find((d) => d.id === dcId)!;
	return { rec, session: makeStringSession({ dcId, host: dc.host, port: dc.port, key: rec.key }) };
}

async function withClient<T>(
	session: string,
	fn: (c: Awaited<ReturnType<typeof connectGramJs>>) => Promise<T>,
) {
	const client = await connectGramJs({ server: w.server, session, dcId: 2 });
	try {
		return await fn(client);
	} finally {
		await client.destroy();
	}
}

test('initConnection is unwrapped and recorded on the session', async () => {
	await withClient(seeded().session, async (client) => {
		await withDeadline(client.getMe(), 5000, 'getMe');
		const live = w.server.sessions().filter((s) => s.dcId === 2);
		expect(live).toHaveLength(1);
		expect(live[0].client).toMatchObject({ apiId: 12345, layer: 198 });
		const methods = w.handler.calls.map((c) => c.method);
		expect(methods).toContain('help.GetConfig');
		expect(methods).not.toContain('InvokeWithLayer');
	});
	await waitFor(() => w.server.sessions().length === 0, 3000, 'session gone after destroy');
});

test('a gzip_packed result is decoded by GramJS', async () => {
	w.handler.on.set('users.GetUsers', () => bigUsers());
	await withClient(seeded().session, async (client) => {
		const users = await withDeadline(
			client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })),
			5000,
			'getUsers',
		);
		expect(users).toHaveLength(30);
		expect((users[29] as Api.User).firstName).toMatch(/^User 29 x+$/);
	});
});

test('an unknown constructor from GramJS gets a named RPC error', async () => {
	class Unknown extends Api.help.GetNearestDc {
		override getBytes(): Buffer {
			return Buffer.from('efbeadde', 'hex');
		}
	}
	await withClient(seeded().session, async (client) => {
		const err = await withDeadline(client.invoke(new Unknown()), 5000, 'invoke').catch((e) => e);
		expect(err).toBeInstanceOf(RPCError);
		expect(err.code).toBe(400);
		expect(err.errorMessage).toBe('INPUT_METHOD_INVALID_DEADBEEF'.replace('DEADBEEF', 'deadbeef'));
	});
});

test('a pushed Updates reaches GramJS event handlers', async () => {
	await withClient(seeded().session, async (client) => {
		await client.getMe();
		const got = new Promise<Api.TypeUpdate>((resolve) =>
			client.addEventHandler((u: Api.TypeUpdate) => {
				if (u instanceof Api.UpdateUserTyping) resolve(u);
			}),
		);
		const s = w.server.sessions().find((x) => x.dcId === 2)!;
		s.push(
			new Api.Updates({
				updates: [
					new Api.UpdateUserTyping({
						userId: 1000 as never,
						action: new Api.SendMessageTypingAction(),
					}),
				],
				users: [],
				chats: [],
				date: Math.floor(Date.now() / 1000),
				seq: 0,
			}),
		);
		const u = await withDeadline(got, 3000, 'pushed update');
		expect(u.className).toBe('UpdateUserTyping');
	});
});

test('latency: every answer waits for the emulated round trip', async () => {
	await withClient(seeded().session, async (client) => {
		await client.getMe();
		let t = Date.now();
		await client.getMe();
		const fast = Date.now() - t;
		w.server.setLatency(400);
		t = Date.now();
		await withDeadline(client.getMe(), 5000, 'getMe with latency');
		const slow = Date.now() - t;
		expect(slow).toBeGreaterThanOrEqual(395);
		expect(fast).toBeLessThan(395);
	});
});

test('forgotten key: raw client gets -404 and a close; GramJS request never settles', async () => {
	const { rec, session } = seeded();
	await withClient(session, async (client) => {
		await withDeadline(client.getMe(), 5000, 'getMe');
		w.store.delete(rec.id);
		expect(await settlesWithin(client.getMe(), 1500)).toBe(false);
	});
	const dc = w.server.dcs.find((d) => d.id === 2)!;
	const raw = await RawClient.open(dc.port, dc.host, 'full');
	try {
		new RawSession(raw, rec.key).send(new Api.help.GetConfig().getBytes());
		const p = await raw.nextPacket(3000);
		expect(p?.length).toBe(4);
		expect(p?.readInt32LE(0)).toBe(-404);
		expect(await raw.nextPacket(3000)).toBeUndefined();
	} finally {
		raw.close();
	}
});

test('keys are bound to their DC: a DC 2 key on DC 1 gets -404', async () => {
	const { rec } = seeded(2);
	const dc1 = w.server.dcs.find((d) => d.id === 1)!;
	const raw = await RawClient.open(dc1.port, dc1.host, 'intermediate');
	try {
		new RawSession(raw, rec.key).send(new Api.help.GetConfig().getBytes());
		expect((await raw.nextPacket(3000))?.readInt32LE(0)).toBe(-404);
	} finally {
		raw.close();
	}
	// The same key works on its own DC.
	const dc2 = w.server.dcs.find((d) => d.id === 2)!;
	const ok = await RawClient.open(dc2.port, dc2.host, 'intermediate');
	try {
		const s = new RawSession(ok, rec.key);
		s.send(new Api.help.GetConfig().getBytes(), { salt: 0n });
		expect((await s.recv()).body.readUInt32LE(0)).toBe(0xedab447b);
	} finally {
		ok.close();
	}
});

test('DCs have distinct addresses so GramJS can be routed to each', () => {
	const hosts = w.server.dcs.map((d) => d.host);
	expect(new Set(hosts).size).toBe(hosts.length);
	for (const d of w.server.dcs) expect(d.port).toBeLessThanOrEqual(32767);
});

test('SessionHandle.close() drops the connection; GramJS reconnects with a new session', async () => {
	const { session } = seeded();
	const client = await connectGramJs({ server: w.server, session, dcId: 2, autoReconnect: true });
	try {
		await withDeadline(client.getMe(), 5000, 'getMe');
		const first = w.server.sessions().find((s) => s.dcId === 2)!;
		first.close();
		await waitFor(() => first.closed, 3000, 'session closed');
		await waitFor(
			() => w.server.sessions().some((s) => s.dcId === 2 && s.sessionId !== first.sessionId),
			10_000,
			'GramJS reconnected',
		);
		const me = await withDeadline(client.getMe(), 10_000, 'getMe after reconnect');
		expect((me as Api.User).username).toBe('coretest');
	} finally {
		await client.destroy();
	}
});

test('a key record replaced under the same id keeps the session and its client info', async () => {
	const { rec, session } = seeded();
	await withClient(session, async (client) => {
		await withDeadline(client.getMe(), 5000, 'getMe');
		const before = w.server.sessions().find((s) => s.authKey.id === rec.id)!;
		w.store.add({ ...rec, userId: '1000' });
		await withDeadline(client.getMe(), 5000, 'getMe after the record changed');
		const after = w.server.sessions().filter((s) => s.authKey.id === rec.id);
		expect(after).toHaveLength(1);
		expect(after[0].sessionId).toBe(before.sessionId);
		expect(after[0].authKey.userId).toBe('1000');
		expect(after[0].client?.apiId).toBe(12345);
	});
});
