// Which connections get the account's pushes: not one whose requests are wrapped in
// invokeWithoutUpdates, not file connections to other DCs; and refused reconnects.
import { Api } from 'telegram';
import { StringSession } from 'telegram/sessions';
import { RawClient, RawSession } from '../core-tests/raw-client';
import { fixtureSuite } from './fixture';

const RPC_RESULT = 0xf35c6d01;
const BAD_SERVER_SALT = 0xedab447b;

describe('update sessions', () => {
	const f = fixtureSuite();

	it('does not push to a session that asked with invokeWithoutUpdates, until a plain request', async () => {
		const alice = f.ts.control.createAccount({ phone: '+15556001', firstName: 'Alice' });
		const bob = f.ts.control.createUser({ firstName: 'Bob' });
		const ss = new StringSession(alice.session);
		await ss.load();
		const key = ss.getAuthKey()!.getKey()!;
		const dc = f.ts.dcs.find((d) => d.id === 1)!;
		const raw = await RawClient.open(dc.port, dc.host, 'intermediate');
		try {
			const s = new RawSession(raw, key);
			const quiet = new Api.InvokeWithoutUpdates({ query: new Api.help.GetConfig() });
			s.send(quiet.getBytes(), { salt: 0n });
			s.salt = (await s.recvUntil(BAD_SERVER_SALT)).body.readBigInt64LE(20);
			s.send(quiet.getBytes());
			await s.recvUntil(RPC_RESULT);
			expect(f.ts.world.liveSessions(alice.userId)).toHaveLength(1);
			expect(f.ts.world.updateSessions(alice.userId)).toHaveLength(0);
			f.ts.control.pushMessage({ fromId: bob.userId, toUserId: alice.userId, text: 'hidden' });
			// A plain request subscribes the session: the next push arrives on it.
			s.send(new Api.help.GetConfig().getBytes());
			await s.recvUntil(RPC_RESULT);
			f.ts.control.pushMessage({ fromId: bob.userId, toUserId: alice.userId, text: 'shown' });
			const m = await s.recvUntil(Api.UpdateShortMessage.CONSTRUCTOR_ID);
			expect(m.body.includes(Buffer.from('shown'))).toBe(true);
		} finally {
			raw.close();
		}
	});

	it('pushes to the home DC session, not to a download connection on another DC', async () => {
		const alice = f.ts.control.createAccount({ phone: '+15556002', firstName: 'Ann' });
		const bob = f.ts.control.createAccount({
			phone: '+15556003',
			firstName: 'Ben',
			username: 'ben_files',
		});
		f.ts.control.pushMessage({
			fromId: bob.userId,
			toUserId: alice.userId,
			media: { kind: 'file', size: 2048, fileName: 'a.bin', dcId: 2 },
		});
		const c = await f.connect({ session: alice.session });
		const [msg] = await c.getMessages('ben_files', { limit: 1 });
		const bytes = (await c.downloadMedia(msg)) as Buffer;
		expect(bytes.length).toBe(2048);
		const dcs = f.ts.world.liveSessions(alice.userId).map((s) => s.dcId);
		expect(dcs).toContain(2);
		const pushedTo = f.ts.world.updateSessions(alice.userId).map((s) => s.dcId);
		expect(pushedTo.length).toBeGreaterThan(0);
		expect(pushedTo.every((dc) => dc === 1)).toBe(true);
	});

	it('refuses reconnects for a while, then takes them again', async () => {
		const alice = f.ts.control.createAccount({ phone: '+15556004', firstName: 'Amy' });
		const c1 = await f.connect({ session: alice.session });
		await c1.invoke(new Api.updates.GetState());
		expect(
			f.ts.control.refuseReconnects({ userId: alice.userId, seconds: 60, drop: true }),
		).toEqual({ dropped: 1 });
		await expect(f.connect({ session: alice.session, connectTimeoutMs: 2000 })).rejects.toThrow();
		f.ts.control.acceptReconnects({ userId: alice.userId });
		const c2 = await f.connect({ session: alice.session });
		const st = (await c2.invoke(new Api.updates.GetState())) as Api.updates.State;
		expect(st.pts).toBe(f.ts.control.updateState({ userId: alice.userId }).pts);
	});
});
