// The parent's side of bench/lib/server-process.ts: fork it, call its control API over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { DcEndpoint } from '../../test/server/core/types';
import type { ServerReply, ServerRequest } from './server-process';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
type Request = WithoutId<ServerRequest>;

export interface BenchServer {
	dc: DcEndpoint;
	rsaPublicKeyPem: string;
	rsaFingerprint: string;
	/** Calls a Control method of test/server (createAccount, setLatency, lastCode, …). */
	control<T = unknown>(name: string, arg?: unknown): Promise<T>;
	/** Open MTProto sessions signed in as this user (how many clients an n8n holds). */
	liveSessions(userId: number): Promise<number>;
	stop(): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 120_000;

export async function startBenchServer(): Promise<BenchServer> {
	const child: ChildProcess = fork(join(__dirname, 'server-process.ts'), [], {
		execArgv: ['-r', 'ts-node/register/transpile-only'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	let next = 1;
	const waiting = new Map<number, (r: ServerReply) => void>();
	child.on('message', (r: ServerReply) => {
		waiting.get(r.id)?.(r);
		waiting.delete(r.id);
	});
	const call = (id: number, send?: Request): Promise<unknown> =>
		new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				waiting.delete(id);
				reject(new Error(`bench server: no answer to ${send?.op ?? 'start'} in time`));
			}, REQUEST_TIMEOUT_MS);
			waiting.set(id, (r) => {
				clearTimeout(timer);
				if (r.ok) resolve(r.result);
				else reject(new Error(`bench server: ${r.error}`));
			});
			if (send) child.send({ ...send, id });
		});
	const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const started = (await Promise.race([
		call(0),
		exit.then(() => Promise.reject(new Error('bench server exited at start'))),
	])) as { dcs: DcEndpoint[]; rsaPublicKeyPem: string; rsaFingerprint: string };
	let stopping: Promise<void> | undefined;
	return {
		dc: started.dcs[0],
		rsaPublicKeyPem: started.rsaPublicKeyPem,
		rsaFingerprint: started.rsaFingerprint,
		control: async <T>(name: string, arg: unknown = {}) =>
			(await call(next++, { op: 'control', name, arg })) as T,
		liveSessions: async (userId) => (await call(next++, { op: 'liveSessions', userId })) as number,
		stop: () =>
			(stopping ??= (async () => {
				if (child.exitCode !== null) return;
				await call(next++, { op: 'stop' }).catch(() => child.kill('SIGKILL'));
				await Promise.race([exit, new Promise((r) => setTimeout(r, 5000).unref())]);
				if (child.exitCode === null) child.kill('SIGKILL');
			})()),
	};
}
