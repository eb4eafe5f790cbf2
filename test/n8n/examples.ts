// What the example tests share: the loopback server and one n8n for the file (with a leak check),
// the account's credential pointed at the loopback server, and an example as a user imports it.
import * as path from 'node:path';

import { readExamples, wireExample, type Example } from '../../scripts/examples';
import { loopbackOptions } from '../helpers/executeContext';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { startTestServer, type TestServer } from '../server';
import { startN8n, type N8nInstance } from './harness';

export interface ExampleSuite {
	telegram: TestServer;
	n8n: N8nInstance;
}

/** Registers the file's hooks; the returned function gives the running pair inside a test. */
export function exampleSuite(): () => ExampleSuite {
	let before: HandleCounts | undefined;
	let telegram: TestServer | undefined;
	let n8n: N8nInstance | undefined;
	beforeAll(async () => {
		before = handleSnapshot();
		telegram = await startTestServer();
		// Four engineers share two cores: a loaded machine can take minutes to bring n8n up.
		n8n = await startN8n({ readyTimeoutMs: 240_000 });
	}, 300_000);
	afterAll(async () => {
		await n8n?.stop();
		await telegram?.stop();
		if (before) await expectNoLeakedHandles(before, 5_000);
	}, 60_000);
	return () => {
		if (!telegram || !n8n) throw new Error('set-up failed');
		return { telegram, n8n };
	};
}

/** The loopback server's app hash, as every loopback credential names it. */
export const LOOPBACK_API_HASH = '0123456789abcdef0123456789abcdef';

/** The account's credential, pointed at the loopback server's home DC. */
export async function loopbackCredential(
	{ telegram, n8n }: ExampleSuite,
	session: string | undefined,
): Promise<{ id: string; name: string }> {
	if (!session) throw new Error('the loopback server made no session');
	const name = 'Loopback account';
	const { id } = await n8n.importCredential({
		name,
		type: 'telegramAccountApi',
		data: { apiId: 12345, apiHash: LOOPBACK_API_HASH, session, options: loopbackOptions(telegram) },
	});
	return { id, name };
}

/** examples/<file> with the credential picked and the user's values filled in. */
export function wiredExample(
	file: string,
	credential: { id: string; name: string },
	values: Record<string, string | number>,
	placeholders: Record<string, string> = {},
): Example['workflow'] {
	const example = readExamples(path.join(__dirname, '../../examples')).find((e) => e.file === file);
	if (!example) throw new Error(`examples/${file} is missing`);
	return wireExample(example, { telegramAccountApi: credential }, values, placeholders);
}

/** Polls `read` until `done` holds for its result; fails with the last result after `ms`. */
export async function pollUntil<T>(
	read: () => Promise<T> | T,
	done: (value: T) => boolean,
	ms: number,
	what: string,
): Promise<T> {
	const end = Date.now() + ms;
	let last = await read();
	while (!done(last)) {
		if (Date.now() > end) {
			throw new Error(`${what}: not reached within ${ms} ms; last: ${JSON.stringify(last)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
		last = await read();
	}
	return last;
}
