// Shared set-up of the world scenario tests: a loopback server with a seeded account and GramJS
// clients that are always destroyed.
import type { TelegramClient } from 'telegram';
import { connectGramJs, type ConnectOptions } from '../../helpers/gramjs';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../../helpers/leaks';
import { startTestServer, type TestServer, type TestServerOptions } from '../index';

export interface Fixture {
	ts: TestServer;
	clients: TelegramClient[];
	connect(opts?: Omit<ConnectOptions, 'server'>): Promise<TelegramClient>;
	close(): Promise<void>;
}

export async function fixture(opts: TestServerOptions = {}): Promise<Fixture> {
	const ts = await startTestServer(opts);
	const clients: TelegramClient[] = [];
	return {
		ts,
		clients,
		async connect(o = {}) {
			const c = await connectGramJs({ server: ts.server, ...o });
			clients.push(c);
			return c;
		},
		async close() {
			for (const c of clients) {
				await c.destroy().catch(() => undefined);
				releaseTimers(c);
			}
			await ts.stop();
		},
	};
}

/**
 * Registers the set-up a scenario file shares: the fixture started in beforeAll (the handle
 * baseline taken first), closed in afterAll, then no leaked handle. Use it inside the tests.
 */
export function fixtureSuite(opts: TestServerOptions = {}): Fixture {
	let before: HandleCounts;
	let live: Fixture | undefined;
	const get = (): Fixture => {
		if (!live) throw new Error('fixture used before beforeAll');
		return live;
	};
	beforeAll(async () => {
		before = handleSnapshot();
		live = await fixture(opts);
	});
	afterAll(async () => {
		await get().close();
		await expectNoLeakedHandles(before, PING_TIMER_GRACE_MS);
	});
	return {
		get ts() {
			return get().ts;
		},
		get clients() {
			return get().clients;
		},
		connect: (o) => get().connect(o),
		close: () => get().close(),
	};
}

/**
 * GramJS's destroy() clears its exported-sender release timers with Object.values() on a Map,
 * which clears none (telegram 2.26.22, telegramBaseClient.js): after a file transfer a 30 s timer
 * would outlive the client.
 */
function releaseTimers(c: TelegramClient): void {
	const timers = (c as unknown as { _exportedSenderReleaseTimeouts?: Map<number, NodeJS.Timeout> })
		._exportedSenderReleaseTimeouts;
	for (const t of timers?.values() ?? []) clearTimeout(t);
	timers?.clear();
}

/**
 * GramJS pings every 9 s and races each ping against a 10 s sleep it never clears
 * (client/updates.js `timeout()`): a client that lived over 9 s leaves a timer for up to 10 s
 * after destroy(). The leak check waits that long before calling it a leak.
 */
export const PING_TIMER_GRACE_MS = 11_000;
