// Two DCs in one server process: mtcute dials DC 1 for an account whose home is DC 2, gets
// PHONE_MIGRATE_2, finds DC 2 in help.getConfig's dcOptions (which must point back at the server),
// runs a second handshake there and completes the login, then works on DC 2; and a QR login whose
// token is accepted by "another device" and migrated to the home DC.
import './mtcute-quiet';
import { sleep, withDeadline } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { loginWithCode, protocolComplaints, withClient } from './fixture';
import { startCrosscheckServer, type CrosscheckServer } from './loopback-server';


let before: HandleCounts;
let srv: CrosscheckServer;

beforeAll(async () => {
	before = handleSnapshot();
	srv = await startCrosscheckServer({ dcs: [{ id: 1 }, { id: 2 }] });
	srv.control.createUser({ firstName: 'Erin', username: 'erin_dc' });
});

afterAll(async () => {
	await srv?.stop();
	await expectNoLeakedHandles(before);
});

test('PHONE_MIGRATE_2 moves mtcute to DC 2 through help.getConfig', async () => {
	const phone = '15550600001';
	const { userId } = srv.control.createAccount({
		phone,
		firstName: 'Mig',
		dcId: 2,
		session: false,
	});
	expect(srv.dcs.map((d) => d.id)).toEqual([1, 2]);
	await withClient(srv, 'intermediate', async (c) => {
		const me = await loginWithCode(srv, c, phone);
		expect(me.id).toBe(userId);
		const calls = srv.control.rpcLog().filter((e) => e.method === 'auth.SendCode');
		expect(calls.map((e) => [e.dcId, e.error])).toEqual([
			[1, 'PHONE_MIGRATE_2'],
			[2, undefined],
		]);
		// Both DCs now hold a key of this client; the signed-in one is DC 2's.
		const signIn = srv.control.rpcLog({ method: 'auth.SignIn' });
		expect(signIn.map((e) => e.dcId)).toEqual([2]);

		const sent = await withDeadline(c.client.sendText('erin_dc', 'from DC 2'), 10_000, 'send');
		const history = await withDeadline(c.client.getHistory('erin_dc'), 10_000, 'history');
		expect(history.map((m) => [m.id, m.text])).toEqual([[sent.id, 'from DC 2']]);
		const after = srv.control.rpcLog({ userId }).filter((e) => e.method !== 'auth.SignIn');
		expect(new Set(after.map((e) => e.dcId))).toEqual(new Set([2]));
		expect(protocolComplaints(c.logs)).toEqual([]);
	});
});

test('QR login accepted by another device, with the token migrated to the home DC', async () => {
	const { userId } = srv.control.createAccount({ phone: '15550600002', firstName: 'Qr', dcId: 2 });
	await withClient(srv, 'intermediate', async (c) => {
		const urls: string[] = [];
		const login = c.client.signInQr({ onUrlUpdated: (url) => urls.push(url) });
		const end = Date.now() + 5000;
		while (!urls.length && Date.now() < end) await sleep(10);
		expect(urls[0]).toMatch(/^tg:\/\/login\?token=[\w-]+=*$/);
		const token = new URL(urls[0]).searchParams.get('token')!;
		srv.control.acceptLoginToken({ userId, token });
		const me = await withDeadline(login, 10_000, 'signInQr');
		expect(me.id).toBe(userId);
		const methods = srv.control.rpcLog().map((e) => `${e.method}@${e.dcId}`);
		expect(methods).toEqual(
			expect.arrayContaining(['auth.ExportLoginToken@1', 'auth.ImportLoginToken@2']),
		);
		expect(protocolComplaints(c.logs)).toEqual([]);
	});
});
