// The parent's side of raw-history-process.ts: a raw GramJS client in its own process (on the
// given Node binary, e.g. n8n's Node 24, so both sides of a ratio run on the same runtime).
import { fork } from 'node:child_process';
import { join } from 'node:path';

import type { DcEndpoint } from '../../test/server/core/types';
import type { RawReply, RawRequest } from './raw-history-process';

export interface RawHistory {
	/** Milliseconds iterMessages took to read the whole chat, and how many messages it read. */
	collect(peer: string): Promise<{ ms: number; count: number }>;
	stop(): Promise<void>;
}

export interface RawServer {
	dc: DcEndpoint;
	rsaPublicKeyPem: string;
	rsaFingerprint: string;
}

export async function startRawHistory(
	server: RawServer,
	session: string,
	execPath = process.execPath,
): Promise<RawHistory> {
	const child = fork(join(__dirname, 'raw-history-process.ts'), [], {
		execPath,
		execArgv: ['-r', 'ts-node/register/transpile-only'],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const call = (m: RawRequest): Promise<RawReply> =>
		new Promise((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`raw GramJS: no answer to ${m.op}`)),
				600_000,
			);
			child.once('message', (reply: RawReply) => {
				clearTimeout(timer);
				if (reply.ok) resolve(reply);
				else reject(new Error(`raw GramJS: ${reply.error}`));
			});
			child.send(m);
		});
	const { dc, rsaPublicKeyPem, rsaFingerprint } = server;
	try {
		await call({ op: 'connect', dc, rsaPublicKeyPem, rsaFingerprint, session });
	} catch (error) {
		child.kill('SIGKILL');
		throw error;
	}
	return {
		collect: async (peer) => {
			const reply = await call({ op: 'collect', peer });
			return { ms: reply.ms ?? NaN, count: reply.count ?? 0 };
		},
		stop: async () => {
			await call({ op: 'stop' }).catch(() => child.kill('SIGKILL'));
		},
	};
}
