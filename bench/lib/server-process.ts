// The loopback Telegram server for the bench, in its own process (as Telegram would be, so its
// CPU does not count against the client being measured). Answers the parent's IPC requests.
import { startTestServer, type TestServer } from '../../test/server';

export type ServerRequest =
	| { id: number; op: 'control'; name: string; arg: unknown }
	| { id: number; op: 'liveSessions'; userId: number }
	| { id: number; op: 'stop' };

export interface ServerReply {
	id: number;
	ok: boolean;
	result?: unknown;
	error?: string;
}

async function answer(ts: TestServer, m: ServerRequest): Promise<unknown> {
	if (m.op === 'liveSessions') return ts.world.liveSessions(m.userId).length;
	if (m.op === 'stop') return await ts.stop();
	const fn = (ts.control as unknown as Record<string, (a: unknown) => unknown>)[m.name];
	if (typeof fn !== 'function') throw new Error(`no control operation ${m.name}`);
	return fn.call(ts.control, m.arg);
}

async function main(): Promise<void> {
	const ts = await startTestServer({ dcs: [{ id: 2 }] });
	const reply = (r: ServerReply) => process.send?.(r);
	process.on('message', (m: ServerRequest) => {
		answer(ts, m).then(
			(result) => {
				reply({ id: m.id, ok: true, result });
				if (m.op === 'stop') process.exit(0);
			},
			(e: Error) => reply({ id: m.id, ok: false, error: e.message }),
		);
	});
	// The parent gone (crash, Ctrl-C) means no one will stop us: leave too.
	process.on('disconnect', () => process.exit(0));
	reply({
		id: 0,
		ok: true,
		result: { dcs: ts.dcs, rsaPublicKeyPem: ts.rsaPublicKeyPem, rsaFingerprint: ts.rsaFingerprint },
	});
}

main().catch((e: unknown) => {
	console.error(e);
	process.exit(1);
});
