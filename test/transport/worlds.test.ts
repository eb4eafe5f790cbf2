// One world per client (decision 0001): a session of one world never reaches another world's
// servers, and a custom RSA key is trusted only by the client whose credential holds it. The
// SOCKS5 proxy stands in for the internet: it takes Telegram's addresses to loopback servers.
import { generateKeyPairSync } from 'crypto';

import { Api, TelegramAccountClient } from '../../nodes/shared/transport/client';
import { TransportError } from '../../nodes/shared/transport/errors';
import { readSessionString } from '../../nodes/shared/transport/session';
import { withDeadline } from '../helpers/deadline';
import { makeStringSession } from '../server/core';
import { credential } from './fixtures';
import { trackHandles } from './handles';
import { startSocks5, type Socks5Proxy } from './socks5';
import { StubWorld } from './stubWorld';

const expectNoLeaks = trackHandles();
const clients: TelegramAccountClient[] = [];
const TELEGRAM_DC2 = { host: '149.154.167.51', port: 443 };
const TELEGRAM_DC4 = { id: 4, host: '149.154.167.91', port: 443 };

const pkcs1 = () => {
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	return privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
};

/** The victim's home server, addressed as Telegram's DC 2 (its config names DC 4 the same way). */
let home: StubWorld;
/** A second server with its own RSA key: the custom host an editor of the credential sets. */
let foreign: StubWorld;
let proxy: Socks5Proxy;

function client(...args: Parameters<typeof credential>): TelegramAccountClient {
	const c = new TelegramAccountClient(credential(...args));
	clients.push(c);
	return c;
}

/** home's session for SELF, rewritten to Telegram's DC 2 address as a production session holds. */
function telegramSession(): string {
	const { record } = home.session();
	return makeStringSession({ dcId: 2, ...TELEGRAM_DC2, key: record.key });
}

/**
 * What reaches the foreign server from now on. Measured from a mark, so that a test does not see
 * what another test (in any order) did to it.
 */
function watchForeign() {
	const rpcFrom = foreign.rpcLog.length;
	const keysBefore = new Set(foreign.authKeys.all().map((k) => k.id));
	const dialFrom = proxy.destinations.length;
	const dialled = () => proxy.destinations.slice(dialFrom);
	return {
		dialled,
		touched: () => ({
			rpc: foreign.rpcLog.slice(rpcFrom).map((c) => c.method),
			keys: foreign.authKeys.all().filter((k) => !keysBefore.has(k.id)).length,
			dialled: dialled().filter((d) => d.includes(foreign.dc.host)),
		}),
	};
}

beforeAll(async () => {
	home = await new StubWorld({ extraDcs: [TELEGRAM_DC4] }).start();
	foreign = await new StubWorld({ rsaPrivateKeyPem: pkcs1(), host: '127.0.0.3' }).start();
	proxy = await startSocks5({
		[`${TELEGRAM_DC2.host}:${TELEGRAM_DC2.port}`]: home.dc,
		[`${TELEGRAM_DC4.host}:${TELEGRAM_DC4.port}`]: foreign.dc,
	});
}, 20_000);

afterEach(async () => {
	await Promise.all(clients.splice(0).map(async (c) => await c.destroy()));
});

afterAll(async () => {
	await proxy.stop();
	await home.server.stop();
	await foreign.server.stop();
	await expectNoLeaks();
});

const viaProxy = { proxyType: 'socks5', proxyHost: '127.0.0.1', proxyPort: 0 };

describe('one world per client', () => {
	it('refuses a Telegram session in a custom-server credential; the custom host gets nothing', async () => {
		const session = telegramSession();
		const foreignSide = watchForeign();
		const calls = home.calls('auth.ExportAuthorization');
		const attempt = async () => {
			// The attack: keep the account's session, point Server at a host and key one controls,
			// then ask for another DC (a file download does) so its authorization is exported.
			const c = client(foreign, { session }, { ...viaProxy, proxyPort: proxy.port });
			await c.open();
			await c.invoke(new Api.help.GetConfig(), TELEGRAM_DC4.id);
		};
		const error = await withDeadline(
			attempt().catch((e: unknown) => e),
			15_000,
			'attempt',
		);
		expect(error).toBeInstanceOf(TransportError);
		expect((error as TransportError).kind).toBe('wrongWorld');
		expect((error as Error).message).toMatch(/made on Telegram.*Server is a custom server/);
		expect(foreignSide.touched()).toEqual({ rpc: [], keys: 0, dialled: [] });
		expect(home.calls('auth.ExportAuthorization') - calls).toBe(0);
	});

	it("never dials a Telegram address that a custom server's config names", async () => {
		// home, reached as a custom server on its loopback address, names DC 4 at Telegram's address.
		const { session } = home.session();
		const foreignSide = watchForeign();
		const c = client(home, { session }, { ...viaProxy, proxyPort: proxy.port, requestTimeout: 2 });
		await withDeadline(c.open(), 5000, 'open');
		const error = await withDeadline(
			c.invoke(new Api.help.GetConfig(), TELEGRAM_DC4.id).catch((e: unknown) => e),
			10_000,
			'other DC',
		);
		expect(error).toBeInstanceOf(TransportError);
		expect(c.sockets.refused).toContain(TELEGRAM_DC4.host);
		expect(foreignSide.dialled().filter((d) => d.startsWith('149.154.'))).toEqual([]);
		expect(foreignSide.touched()).toEqual({ rpc: [], keys: 0, dialled: [] });
	});

	it.each([
		['production', '149.154.175.10', 'test'],
		['test', '149.154.167.51', 'production'],
		['production', '127.0.0.2', 'custom'],
	])('a %s credential refuses a session made on %s', (server, address, made) => {
		const { record } = home.session();
		const session = makeStringSession({ dcId: 2, host: address, port: 443, key: record.key });
		expect(readSessionString(session).serverAddress).toBe(address);
		const make = () =>
			client(home, { session, apiHash: '0123456789abcdef0123456789abcdef' }, { server });
		expect(make).toThrow(TransportError);
		expect(make).toThrow(made === 'custom' ? /made on a custom server/ : /session was made on/);
	});
});

describe('a custom RSA key is trusted only by its own credential', () => {
	it('two credentials with different keys each accept their own server and reject the other', async () => {
		const a = home;
		const b = foreign;
		const keyA = a.server.rsaPublicKeyPem;
		const keyB = b.server.rsaPublicKeyPem;
		const open = async (world: StubWorld, key: string) =>
			await withDeadline(
				client(world, {}, { customRsaPublicKey: key })
					.open()
					.then(() => 'ok')
					.catch((e: unknown) => (e instanceof TransportError ? e.kind : String(e))),
				15_000,
				'fresh login',
			);
		// All at once: a key one client trusts must not help another client's DH in the meantime.
		const outcomes = await Promise.all([
			open(a, keyA),
			open(b, keyB),
			open(a, keyB),
			open(b, keyA),
		]);
		expect(outcomes).toEqual(['ok', 'ok', 'rsaKey', 'rsaKey']);
		// And after both were trusted somewhere in the process, still only by their own credential.
		expect(await open(a, keyB)).toBe('rsaKey');
	});
});
