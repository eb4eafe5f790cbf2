// The loopback server for bench/history.ts, in its own process (as Telegram would be): seeds one
// channel and answers the parent's IPC messages (latency changes, stop).
import { startTestServer } from '../test/server';

async function main(): Promise<void> {
	const count = Number(process.argv[2] ?? 100_000);
	const ts = await startTestServer({ dcs: [{ id: 2 }] });
	const alice = ts.control.createAccount({
		phone: '+15559001',
		firstName: 'Bench',
		username: 'bench_user',
	});
	const { channelId } = ts.control.createChannel({
		title: 'Bench',
		creatorId: alice.userId,
		username: 'bench_chan',
	});
	const seeded = ts.control.seedMessages({ channelId, count });
	process.on('message', (m: { op: string; ms?: number }) => {
		if (m.op === 'latency') {
			ts.control.setLatency({ ms: m.ms ?? 0 });
			process.send?.({ op: 'latency', ok: true });
		}
		if (m.op === 'stop') void ts.stop().then(() => process.exit(0));
	});
	process.send?.({
		op: 'ready',
		dc: ts.dcs[0],
		rsaPublicKeyPem: ts.rsaPublicKeyPem,
		rsaFingerprint: ts.rsaFingerprint,
		session: alice.session,
		channel: 'bench_chan',
		lastId: seeded.lastId,
	});
}

void main();
