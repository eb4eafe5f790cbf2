// n8n's own credential test (`POST /rest/credentials/test`, the editor's "Test" button) of a
// telegramAccountApi credential pointing at the loopback Telegram server that runs in this jest
// process: a good session logs in, bad ones fail with a reason a user can act on.
import { readFileSync } from 'node:fs';

import { startTestServer } from '../server';
import { n8nSuite } from './suite';

const apiHash = '0123456789abcdef0123456789abcdef';

const secrets: string[] = [apiHash];

const both = n8nSuite();

/** Credential data as a user fills the form for a custom server (field names: credentials/). */
function accountCredential(session: string, port?: number) {
	const { telegram: tg } = both();
	const home = tg.dcs[0];
	return {
		name: 'Loopback account',
		type: 'telegramAccountApi',
		data: {
			apiId: 12345,
			apiHash,
			session,
			options: {
				server: 'custom',
				customHost: home.host,
				customPort: port ?? home.port,
				customDcId: home.id,
				customRsaPublicKey: tg.rsaPublicKeyPem,
				requestTimeout: 10,
			},
		},
	};
}

function newAccount(username: string, phone: string): { userId: number; session: string } {
	const made = both().telegram.control.createAccount({
		phone,
		firstName: 'Cred',
		username,
		session: true,
	});
	if (!made.session) throw new Error('the loopback server made no session');
	secrets.push(made.session);
	return { userId: made.userId, session: made.session };
}

test('a good session: "Logged in as @name (id)"', async () => {
	const { userId, session } = newAccount('credgood', '15550001001');
	const { id } = await both().n8n.importCredential(accountCredential(session));
	const result = await both().n8n.testCredential(id);
	expect(result).toEqual({ status: 'OK', message: `Logged in as @credgood (${userId})` });
}, 60_000);

test('a revoked session: an error that says to log in again', async () => {
	const { session } = newAccount('credrevoked', '15550001002');
	both().telegram.control.revokeAuthKey({ session });
	const result = await both().n8n.testCredential(accountCredential(session));
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/session|log in|logged out|revoked/i);
}, 60_000);

test('a malformed session string: a clear error, not a hang', async () => {
	const started = Date.now();
	const result = await both().n8n.testCredential(accountCredential('not-a-session'));
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/session/i);
	expect(Date.now() - started).toBeLessThan(30_000);
}, 60_000);

test('an unreachable server: a clear error within the deadline', async () => {
	// A second loopback server, stopped after making the session: the session's DC and the
	// credential's host:port both point at a port where nothing listens any more.
	const gone = await startTestServer({ dcs: [{ id: 2 }] });
	const made = gone.control.createAccount({
		phone: '15550001003',
		firstName: 'Gone',
		session: true,
	});
	const home = gone.dcs[0];
	await gone.stop();
	if (!made.session) throw new Error('the loopback server made no session');
	secrets.push(made.session);
	const credential = accountCredential(made.session, home.port);
	credential.data.options.customDcId = home.id;
	const started = Date.now();
	const result = await both().n8n.testCredential(credential);
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/connect|reach|server/i);
	expect(Date.now() - started).toBeLessThan(45_000);
}, 60_000);

test('no session string nor api_hash in n8n output, and nothing dialled beyond 127.0.0.1', () => {
	const log = readFileSync(both().n8n.logFile, 'utf8');
	for (const secret of secrets) expect(log.includes(secret)).toBe(false);
	expect(both().n8n.outboundAttempts()).toEqual([]);
});
