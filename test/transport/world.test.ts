// The transport layer against the full loopback Telegram server (world + control API), as a
// user's workflow would meet it. test/transport/stubWorld.ts covers what this world does not
// model (API_ID_INVALID for a wrong api_id / api_hash).
import { Api, TelegramAccountClient, toLong } from '../../nodes/shared/transport/client';
import type { TelegramCredential } from '../../nodes/shared/transport/credential';
import { parseCredential } from '../../nodes/shared/transport/credential';
import { toNodeError } from '../../nodes/shared/transport/errors';
import { resolvePeer } from '../../nodes/shared/transport/peers';
import {
	acquireClient,
	closeAllClients,
	poolStats,
	withClient,
} from '../../nodes/shared/transport/pool';
import { withDeadline } from '../helpers/deadline';
import { startTestServer, type TestServer } from '../server';
import { captureLogs } from '../helpers/logs';
import { trackHandles } from './handles';

const expectNoLeaks = trackHandles();
const logs = captureLogs();
const API_HASH = 'world-test-api-hash';
const secrets: string[] = [API_HASH];
const node = {
	id: '1',
	name: 'Telegram Account',
	type: 't',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};
let ts: TestServer;
let me: number;
let ids: { alice: number; carol: number; group: number; channel: number; team: number };

function cred(session: string, options: Record<string, unknown> = {}): TelegramCredential {
	if (session) secrets.push(session);
	const dc = ts.dcs[0];
	return parseCredential({
		apiId: 4242,
		apiHash: API_HASH,
		session,
		options: {
			server: 'custom',
			customHost: dc.host,
			customPort: dc.port,
			customDcId: dc.id,
			customRsaPublicKey: ts.rsaPublicKeyPem,
			requestTimeout: 3,
			floodSleepThreshold: 3,
			...options,
		},
	});
}

const account = (phone: string) =>
	ts.control.createAccount({
		phone,
		firstName: 'Ada',
		lastName: 'Lovelace',
		username: `ada${phone.slice(-4)}`,
	});

beforeAll(async () => {
	ts = await startTestServer();
	const c = ts.control;
	const self = account('15550001000');
	me = self.userId;
	const alice = c.createUser({
		firstName: 'Alice',
		username: 'alice_w',
		phone: '15550002001',
	}).userId;
	const carol = c.createUser({ firstName: 'Carol' }).userId; // no username: only the dialogs know her
	c.addContact({ ownerId: me, userId: alice, mutual: true });
	c.pushMessage({ toUserId: me, fromId: carol, text: 'hi from carol' });
	const group = c.createGroup({ title: 'Basic', creatorId: alice, memberIds: [me] }).chatId;
	const channel = c.createChannel({
		title: 'News',
		creatorId: alice,
		username: 'news_w',
	}).channelId;
	const team = c.createChannel({
		title: 'Team',
		creatorId: alice,
		megagroup: true,
		memberIds: [me],
	}).channelId;
	ids = { alice, carol, group, channel, team };
}, 30_000);

afterAll(async () => {
	await closeAllClients();
	await ts.stop();
	await expectNoLeaks();
});

describe('transport against the loopback Telegram world', () => {
	it('logs in from a credential and calls getMe', async () => {
		const { session } = ts.control.createSession({ userId: me });
		const user = await withDeadline(
			withClient(cred(session), async (c) => await c.getMe()),
			8000,
			'getMe',
		);
		expect(String(user.id)).toBe(String(me));
	});

	it('opens one connection for 20 concurrent acquires', async () => {
		const { session, authKeyId } = ts.control.createSession({ userId: me });
		// Count this key's sessions only: other tests' clients may close meanwhile.
		const ofThisKey = () =>
			ts.server.sessions().filter((s) => s.authKey.id.toString() === authKeyId).length;
		const leases = await withDeadline(
			Promise.all(Array.from({ length: 20 }, async () => await acquireClient(cred(session)))),
			8000,
			'acquire',
		);
		expect(new Set(leases.map((l) => l.client)).size).toBe(1);
		expect(ofThisKey()).toBe(1);
		await Promise.all(leases.map(async (l) => await l.client.getMe()));
		leases.forEach((l) => l.release());
	});

	it('resolves every peer form, including ids the client never saw, each once', async () => {
		const { session } = ts.control.createSession({ userId: me });
		await withClient(cred(session), async (client) => {
			const since = Date.now() - 1;
			const cases: Array<[string, string]> = [
				['me', String(me)],
				['@alice_w', String(ids.alice)],
				['https://t.me/alice_w', String(ids.alice)],
				['+15550002001', String(ids.alice)],
				['t.me/news_w/1', `-100${ids.channel}`],
				[String(ids.carol), String(ids.carol)],
				[`-100${ids.team}`, `-100${ids.team}`],
				[`-${ids.group}`, `-${ids.group}`],
			];
			for (const [input, chatId] of cases) {
				const peer = await withDeadline(resolvePeer(client, input), 5000, input);
				expect({ input, chatId: peer.chatId }).toEqual({ input, chatId });
			}
			await Promise.all(
				Array.from({ length: 10 }, async () => await resolvePeer(client, '@Alice_W')),
			);
			// alice_w (three spellings, 12 lookups) and news_w: two usernames, two requests.
			expect(ts.control.rpcLog({ since, method: 'contacts.ResolveUsername' })).toHaveLength(2);
		});
	});

	it('evicts a revoked session and says so', async () => {
		const { session } = ts.control.createSession({ userId: me });
		const c = cred(session);
		const client = await withClient(c, async (x) => x);
		ts.control.revokeAuthKey({ session });
		const error = await withDeadline(
			withClient(c, async (x) => await x.getMe()).catch((e: unknown) => e),
			8000,
			'getMe',
		);
		expect(toNodeError(node, error).message).toMatch(/not logged in|revoked/i);
		expect(client._destroyed).toBe(true);
		expect(client.sockets.live.size).toBe(0);
	});

	it('reports a forgotten key within the deadline', async () => {
		const { session } = ts.control.createSession({ userId: me });
		ts.control.forgetAuthKey({ session });
		const started = Date.now();
		const error = await withDeadline(
			withClient(cred(session, { requestTimeout: 2 }), async (x) => await x.getMe()).catch(
				(e: unknown) => e,
			),
			8000,
			'getMe',
		);
		expect(error).toMatchObject({ kind: 'authKeyUnknown' });
		expect(Date.now() - started).toBeLessThan(5000);
	});

	it('fails a request in flight with the unknown-session error when the key is forgotten', async () => {
		const { session } = ts.control.createSession({ userId: me });
		// A long request deadline: the error must come from the forgotten key, not the timer.
		const c = cred(session, { requestTimeout: 60 });
		await withClient(c, async (x) => await x.getMe());
		ts.control.forgetAuthKey({ session });
		const error = await withDeadline(
			withClient(c, async (x) => await x.getMe()).catch((e: unknown) => e),
			15_000,
			'getMe after the key was forgotten',
		);
		expect(error).toMatchObject({ kind: 'authKeyUnknown' });
	});

	it('waits out a short FLOOD_WAIT and fails a long one with its seconds', async () => {
		const { session } = ts.control.createSession({ userId: me });
		const c = cred(session);
		await withClient(c, async (x) => await x.getMe());
		ts.control.injectError({ method: 'users.GetUsers', error: 'FLOOD_WAIT_1', userId: me });
		const started = Date.now();
		await withDeadline(
			withClient(c, async (x) => await x.getMe()),
			8000,
			'short flood',
		);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		ts.control.injectError({ method: 'users.GetUsers', error: 'FLOOD_WAIT_120', userId: me });
		const error = await withDeadline(
			withClient(c, async (x) => await x.getMe()).catch((e: unknown) => e),
			3000,
			'long flood',
		);
		expect(toNodeError(node, error).message).toContain('120 seconds');
		expect(poolStats().clients).toBeGreaterThan(0); // a rate limit keeps the client
	});

	it('reconnects after the server drops the connection', async () => {
		const { session } = ts.control.createSession({ userId: me });
		const c = cred(session);
		await withClient(c, async (x) => await x.getMe());
		expect(ts.control.dropConnections({ userId: me }).dropped).toBeGreaterThan(0);
		const user = await withDeadline(
			withClient(c, async (x) => await x.getMe()),
			10_000,
			'getMe after drop',
		);
		expect(String(user.id)).toBe(String(me));
	});

	it('never sends a request again after its deadline gave up on it, also across a reconnect', async () => {
		const { session } = ts.control.createSession({ userId: me });
		const c = cred(session, { requestTimeout: 1 });
		const contacts = async (x: TelegramAccountClient) =>
			await x.invoke(new Api.contacts.GetContacts({ hash: toLong(0) }));
		await withClient(c, contacts);
		const since = Date.now();
		const calls = () =>
			ts.control.rpcLog({ userId: me, method: 'contacts.GetContacts', since }).length;
		// Answered only after the deadline; the connection then drops with it still unanswered:
		// GramJS re-sends what had no answer once it reconnects.
		ts.control.injectError({ method: 'contacts.GetContacts', delayMs: 3000, userId: me });
		const error = await withClient(c, contacts).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'timeout' });
		expect(ts.control.dropConnections({ userId: me }).dropped).toBeGreaterThan(0);
		const back = Date.now() + 10_000;
		while (ts.control.connections({ userId: me }).length === 0) {
			if (Date.now() > back) throw new Error('the client did not reconnect within 10 s');
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		await withDeadline(withClient(c, contacts), 10_000, 'contacts after the reconnect');
		// The late one is logged when the server is done with it (3 s); a re-send would come on top.
		await new Promise((resolve) => setTimeout(resolve, 5000));
		expect(calls()).toBe(2);
	}, 20_000);

	it('switches DC to the port from the server config (two DCs on one host)', async () => {
		// Both DCs on 127.0.0.1: only the port tells them apart, which GramJS alone cannot dial.
		const shared = await startTestServer({
			dcs: [
				{ id: 1, host: '127.0.0.1' },
				{ id: 2, host: '127.0.0.1' },
			],
		});
		const [dc1, dc2] = shared.dcs;
		const credential = parseCredential({
			apiId: 4242,
			apiHash: API_HASH,
			options: {
				server: 'custom',
				customHost: dc1.host,
				customPort: dc1.port,
				customDcId: 1,
				customRsaPublicKey: shared.rsaPublicKeyPem,
				requestTimeout: 5,
			},
		});
		const client = new TelegramAccountClient(credential);
		try {
			await withDeadline(client.open(), 25_000, 'open on DC 1');
			expect(client.session.dcId).toBe(1);
			await withDeadline(client._switchDC(2), 25_000, 'switch to DC 2');
			expect({
				dc: client.session.dcId,
				host: client.session.serverAddress,
				port: client.session.port,
			}).toEqual({ dc: 2, host: '127.0.0.1', port: dc2.port });
			const config = await withDeadline(client.invoke(new Api.help.GetConfig()), 5000, 'getConfig');
			expect(config.thisDc).toBe(2);
		} finally {
			await client.destroy();
			await shared.stop();
		}
	}, 60_000);

	it('never logs a secret', async () => {
		// A connection of its own, so that there are lines to check in any test order.
		const { session } = ts.control.createSession({ userId: me });
		await withDeadline(
			withClient(cred(session), async (c) => await c.getMe()),
			8000,
			'getMe',
		);
		expect(logs.length).toBeGreaterThan(0);
		for (const line of logs) for (const secret of secrets) expect(line).not.toContain(secret);
	});
});
