// `npm run test-server` as a user (or `npm run dev`) runs it: a separate process that prints what a
// credential needs; the printed session works from this process, and SIGTERM stops it cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { parseCredential } from '../../../nodes/shared/transport/credential';
import { closeAllClients, withClient } from '../../../nodes/shared/transport/pool';
import { withDeadline } from '../../helpers/deadline';

const ROOT = join(__dirname, '..', '..', '..');

interface Printed {
	host: string;
	port: number;
	dcId: number;
	rsaPublicKeyPem: string;
	controlUrl: string;
	demo: { account: { userId: number; username: string; session: string } };
}

let child: ChildProcess | undefined;

afterAll(async () => {
	await closeAllClients();
	if (child && child.exitCode === null) child.kill('SIGKILL');
});

function readPrinted(proc: ChildProcess): Promise<Printed> {
	return new Promise((resolve, reject) => {
		let out = '';
		proc.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			try {
				resolve(JSON.parse(out) as Printed);
			} catch {
				// the JSON is not complete yet
			}
		});
		proc.once('exit', (code) => reject(new Error(`test-server exited early (${code})`)));
	});
}

test('npm run test-server prints a working credential and stops on SIGTERM', async () => {
	const port = 20000 + Math.floor(Math.random() * 10000);
	child = spawn(
		process.execPath,
		['-r', 'ts-node/register/transpile-only', 'test/server/cli.ts', '--port', String(port)],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const printed = await withDeadline(readPrinted(child), 60_000, 'test-server start');
	expect(printed).toMatchObject({ host: '127.0.0.1', port, dcId: 1 });
	expect(printed.rsaPublicKeyPem).toContain('BEGIN RSA PUBLIC KEY');

	const credential = parseCredential({
		apiId: 12345,
		apiHash: '0123456789abcdef0123456789abcdef',
		session: printed.demo.account.session,
		options: {
			server: 'custom',
			customHost: printed.host,
			customPort: printed.port,
			customDcId: printed.dcId,
			customRsaPublicKey: printed.rsaPublicKeyPem,
		},
	});
	const me = await withDeadline(
		withClient(credential, async (client) => await client.getMe()),
		20_000,
		'getMe through the printed credential',
	);
	expect(String(me.id)).toBe(String(printed.demo.account.userId));
	expect(me.username).toBe(printed.demo.account.username);
	await closeAllClients();

	const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
	child.kill('SIGTERM');
	expect(await withDeadline(exited, 10_000, 'test-server exit')).toBe(0);
}, 120_000);
