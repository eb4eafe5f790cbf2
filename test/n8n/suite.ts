// The set-up every real-n8n test file shares: the loopback Telegram server in this jest process and
// one n8n process, started before the file's tests and stopped after them.
import { startTestServer, type TestServer } from '../server';
import { startN8n, type N8nInstance } from './harness';

export interface N8nSuite {
	telegram: TestServer;
	n8n: N8nInstance;
}

/** Registers the hooks; call the returned function inside a test to get the running pair. */
export function n8nSuite(): () => N8nSuite {
	let telegram: TestServer | undefined;
	let n8n: N8nInstance | undefined;
	beforeAll(async () => {
		telegram = await startTestServer();
		n8n = await startN8n();
	}, 300_000);
	afterAll(async () => {
		await n8n?.stop();
		await telegram?.stop();
	}, 30_000);
	return () => {
		if (!telegram || !n8n) throw new Error('set-up failed');
		return { telegram, n8n };
	};
}
