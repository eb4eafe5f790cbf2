// Every transport: GramJS's full / abridged / obfuscated, and the raw client for the rest.
import { Api } from 'telegram';
import { withDeadline } from '../../helpers/deadline';
import { connectGramJs, type GramJsTransport } from '../../helpers/gramjs';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../../helpers/leaks';
import { makeStringSession, newAuthKey } from '../core';
import { TlWriter } from '../core/tl-bytes';
import { RawClient, RawSession, type RawTransport } from './raw-client';
import { bigUsers, startStubServer, type StubWorld } from './stub-handler';

let before: HandleCounts;
let w: StubWorld;

beforeAll(async () => {
	before = handleSnapshot();
	w = await startStubServer([2]);
});

afterAll(async () => {
	await w.server.stop();
	await expectNoLeakedHandles(before);
});

test.each<GramJsTransport>(['full', 'abridged', 'obfuscated'])(
	'GramJS over %s',
	async (transport) => {
		const rec = newAuthKey(2);
		w.store.add(rec);
		const dc = w.server.dcs[0];
		const session = makeStringSession({ dcId: 2, host: dc.host, port: dc.port, key: rec.key });
		const client = await connectGramJs({ server: w.server, session, transport });
		try {
			const me = await withDeadline(client.getMe(), 5000, 'getMe');
			expect((me as Api.User).username).toBe('coretest');
			// A result large enough to need the long length forms (abridged 0x7f, etc.).
			w.handler.on.set('users.GetUsers', () => [...bigUsers(), ...bigUsers()]);
			const users = await withDeadline(
				client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })),
				5000,
				'getUsers',
			);
			expect(users).toHaveLength(60);
		} finally {
			w.handler.on.clear();
			await client.destroy();
		}
	},
);

test('GramJS fresh handshake over obfuscated', async () => {
	const client = await connectGramJs({ server: w.server, transport: 'obfuscated' });
	try {
		expect(((await withDeadline(client.getMe(), 5000, 'getMe')) as Api.User).id.toString()).toBe(
			'1000',
		);
	} finally {
		await client.destroy();
	}
});

const RAW: Array<[RawTransport, boolean]> = [
	['full', false],
	['intermediate', false],
	['padded', false],
	['abridged', false],
	['abridged', true],
	['intermediate', true],
	['padded', true],
];

test.each(RAW)('raw client over %s (obfuscated: %s)', async (transport, obfuscated) => {
	const rec = newAuthKey(2);
	w.store.add(rec);
	const dc = w.server.dcs[0];
	const raw = await RawClient.open(dc.port, dc.host, transport, obfuscated);
	try {
		const s = new RawSession(raw, rec.key);
		s.send(new TlWriter().uint32(0x7abe77ec).int64(1n).done(), { salt: 0n });
		const bad = await s.recvUntil(0xedab447b);
		s.salt = bad.body.readBigInt64LE(20);
		for (let i = 0; i < 20; i++) {
			// Pad the ping to vary sizes across the 1-byte / long length boundary.
			const id = s.send(new TlWriter().uint32(0x7abe77ec).int64(BigInt(i)).done());
			const pong = await s.recvUntil(0x347773c5);
			expect(pong.body.readBigInt64LE(4)).toBe(id);
			expect(pong.body.readBigInt64LE(12)).toBe(BigInt(i));
		}
		w.handler.on.set('users.GetUsers', () => [...bigUsers(), ...bigUsers()]);
		const id = s.send(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }).getBytes());
		const res = await s.recvUntil(0xf35c6d01);
		expect(res.body.readBigInt64LE(4)).toBe(id);
	} finally {
		w.handler.on.clear();
		raw.close();
	}
});

test('as an MTProxy: GramJS with the secret reaches the DC it names, whatever port it dials', async () => {
	const secret = '0123456789abcdef0123456789abcdef';
	const p = await startStubServer([1, 2], { mtproxySecrets: [secret] });
	try {
		const rec = newAuthKey(2);
		p.store.add(rec);
		const [dc1, dc2] = p.server.dcs;
		const session = makeStringSession({ dcId: 2, host: dc2.host, port: dc2.port, key: rec.key });
		// The proxy address is DC 1's listener; the header asks for DC 2, where the key lives.
		const client = await connectGramJs({
			server: p.server,
			session,
			mtproxy: { host: dc1.host, secret },
		});
		try {
			const me = await withDeadline(client.getMe(), 5000, 'getMe via MTProxy');
			expect((me as Api.User).username).toBe('coretest');
			expect(p.server.sessions()[0].dcId).toBe(2);
		} finally {
			await client.destroy();
		}
		const wrong = connectGramJs({
			server: p.server,
			session,
			mtproxy: { host: dc1.host, secret: 'ff'.repeat(16) },
			connectTimeoutMs: 2000,
		});
		const outcome = await wrong.then(
			async (c) => {
				await c.destroy();
				return 'connected';
			},
			() => 'failed',
		);
		expect(outcome).toBe('failed');
	} finally {
		await p.server.stop();
	}
});
