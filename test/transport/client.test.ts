import { TelegramAccountClient } from '../../nodes/shared/transport/client';
import { TransportError } from '../../nodes/shared/transport/errors';
import { serializeUser, type Tl } from '../../nodes/shared/transport/serialize';
import { withDeadline } from '../helpers/deadline';
import { trackHandles } from './handles';
import { captureLogs } from '../helpers/logs';
import { credential } from './fixtures';
import { startSocks5 } from './socks5';
import { API_HASH, StubWorld } from './stubWorld';

let world: StubWorld;
const expectNoLeaks = trackHandles();
const logs = captureLogs();
const secrets: string[] = [API_HASH];
const clients: TelegramAccountClient[] = [];

function client(overrides = {}, options = {}): TelegramAccountClient {
	const c = new TelegramAccountClient(credential(world, overrides, options));
	clients.push(c);
	return c;
}

beforeAll(async () => {
	world = await new StubWorld().start();
});

afterAll(async () => {
	await Promise.all(clients.map(async (c) => await c.destroy()));
	await world.server.stop();
	await expectNoLeaks();
});

describe('TelegramAccountClient against the loopback server', () => {
	// First: GramJS trusts keys process-wide (per jest file), so no test may have added the server's yet.
	it("says so when the RSA key is not the server's", async () => {
		const { generateKeyPairSync } = await import('crypto');
		const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
			.publicKey.export({ format: 'pem', type: 'pkcs1' })
			.toString();
		const c = client({}, { customRsaPublicKey: other });
		const error = await withDeadline(
			c.open().catch((e: unknown) => e),
			8000,
			'open',
		);
		expect(error).toBeInstanceOf(TransportError);
		expect((error as TransportError).kind).toBe('rsaKey');
	});

	it('connects from a credential and calls getMe', async () => {
		const { session } = world.session();
		secrets.push(session);
		const c = client({ session });
		await withDeadline(c.open(), 5000, 'open');
		const me = serializeUser((await withDeadline(c.getMe(), 5000, 'getMe')) as unknown as Tl);
		expect(me).toMatchObject({ id: '1000', username: 'selfuser', name: 'Ada Self', isSelf: true });
		expect(c.sockets.opened).toBe(1);
		await c.destroy();
		expect(c.sockets.live.size).toBe(0);
	});

	it('runs the DH handshake with the custom RSA key for a fresh session', async () => {
		const c = client();
		await withDeadline(c.open(), 8000, 'open');
		expect(c.saveSession()).toMatch(/^1/);
		await c.destroy();
	});

	it('rejects a malformed session before dialling', async () => {
		for (const session of [
			'1AAAA',
			'garbage',
			'1' + Buffer.alloc(300, 1).toString('base64').slice(0, 50),
		]) {
			expect(() => client({ session })).toThrow(TransportError);
			expect(() => client({ session })).toThrow(/session string is not valid/);
		}
	});

	it('fails fast and clearly when nothing listens', async () => {
		const c = client({}, { customHost: '127.0.0.1', customPort: 9 });
		const started = Date.now();
		const error = await withDeadline(
			c.open().catch((e: unknown) => e),
			5000,
			'open',
		);
		expect(error).toMatchObject({ kind: 'unreachable' });
		expect(Date.now() - started).toBeLessThan(4000);
		expect(c.sockets.live.size).toBe(0);
	});

	it('gives a clear error within the deadline when the server forgot the key', async () => {
		const { session, record } = world.session();
		secrets.push(session);
		world.authKeys.delete(record.id);
		const c = client({ session }, { requestTimeout: 2 });
		const started = Date.now();
		const error = await withDeadline(
			c.open().catch((e: unknown) => e),
			6000,
			'open',
		);
		expect(error).toMatchObject({ kind: 'authKeyUnknown' });
		expect(Date.now() - started).toBeLessThan(4000);
		expect(c.sockets.live.size).toBe(0);
	});

	it('gives up on a server that answers too slowly, leaving nothing behind', async () => {
		const { session } = world.session();
		secrets.push(session);
		world.server.setLatency(2500);
		try {
			const c = client({ session }, { requestTimeout: 1 });
			const error = await withDeadline(
				c.open().catch((e: unknown) => e),
				5000,
				'open',
			);
			expect(error).toBeInstanceOf(TransportError);
			expect(c._destroyed).toBe(true);
			expect(c.sockets.live.size).toBe(0);
		} finally {
			world.server.setLatency(0);
		}
	});

	it('goes through a SOCKS5 proxy when the credential sets one', async () => {
		const proxy = await startSocks5();
		try {
			const { session } = world.session();
			secrets.push(session);
			const c = client(
				{ session },
				{ proxyType: 'socks5', proxyHost: '127.0.0.1', proxyPort: proxy.port },
			);
			await withDeadline(c.open(), 5000, 'open via proxy');
			expect(String((await withDeadline(c.getMe(), 5000, 'getMe')).id)).toBe('1000');
			expect(proxy.destinations).toEqual([`${world.dc.host}:${world.dc.port}`]);
			await c.destroy();
		} finally {
			await proxy.stop();
		}
	});

	it('answers API_ID_INVALID for an api_id the server does not know', async () => {
		const { session } = world.session();
		secrets.push(session);
		const c = client({ session, apiId: 999 });
		const error = await withDeadline(
			c.open().catch((e: unknown) => e),
			5000,
			'open',
		);
		expect(error).toMatchObject({ errorMessage: 'API_ID_INVALID' });
	});

	it('waits out a flood wait below the threshold', async () => {
		const { session } = world.session();
		secrets.push(session);
		const c = client({ session }, { floodSleepThreshold: 5 });
		await withDeadline(c.open(), 5000, 'open');
		world.inject('users.GetUsers', 'FLOOD_WAIT_1', 420);
		const started = Date.now();
		await withDeadline(c.getMe(), 5000, 'getMe');
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(c.floodWaitedMs).toBe(1000);
	});

	it('waits a flood wait equal to the threshold, at most 3 times for one request', async () => {
		const { session } = world.session();
		secrets.push(session);
		const c = client({ session }, { floodSleepThreshold: 1 });
		await withDeadline(c.open(), 5000, 'open');
		// Four answers in a row ask for the threshold's own second: three are waited out.
		world.inject('users.GetUsers', 'FLOOD_WAIT_1', 420, 4);
		const error = await withDeadline(
			c.getMe().catch((e: unknown) => e),
			10_000,
			'getMe',
		);
		expect(error).toMatchObject({ seconds: 1 });
		expect(c.floodWaitedMs).toBe(3000);
		expect(world.calls('users.GetUsers')).toBeGreaterThanOrEqual(4);
	});

	it('fails at once with the seconds for a flood wait above the threshold', async () => {
		const { session } = world.session();
		secrets.push(session);
		const c = client({ session }, { floodSleepThreshold: 5 });
		await withDeadline(c.open(), 5000, 'open');
		world.inject('users.GetUsers', 'FLOOD_WAIT_300', 420);
		const started = Date.now();
		const error = await withDeadline(
			c.getMe().catch((e: unknown) => e),
			3000,
			'getMe',
		);
		expect(error).toMatchObject({ seconds: 300 });
		expect(Date.now() - started).toBeLessThan(1000);
	});

	it('never logs a secret', async () => {
		// A connection of its own, so that there are lines to check in any test order.
		const { session } = world.session();
		secrets.push(session);
		const c = client({ session });
		await withDeadline(c.open(), 5000, 'open');
		await withDeadline(c.getMe(), 5000, 'getMe');
		await c.destroy();
		expect(logs.length).toBeGreaterThan(0);
		for (const line of logs) for (const secret of secrets) expect(line).not.toContain(secret);
	});
});
