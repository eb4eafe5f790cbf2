// Which n8n process holds each connection the loopback server sees: the server knows the client's
// address and port, the kernel (`ss -tnp`) knows which process owns that socket.
import { run } from '../n8n/runtime';
import type { TestServer } from '../server';
import type { N8nProcess } from './cluster';

export interface ProcessConnections {
	/** Process name → live connections of the account from it. */
	perProcess: Record<string, number>;
	/** Connections no process of the cluster owns (should be none). */
	unknown: number;
}

/** Live connections of `userId`, counted per process of the cluster. */
export async function connectionsPerProcess(
	tg: TestServer,
	processes: N8nProcess[],
	userId: number,
): Promise<ProcessConnections> {
	const ownerOf = await socketOwners();
	const nameOf = new Map(processes.map((p) => [p.pid, p.name]));
	const perProcess: Record<string, number> = Object.fromEntries(processes.map((p) => [p.name, 0]));
	let unknown = 0;
	for (const c of tg.control.connections({ userId })) {
		const name = nameOf.get(ownerOf.get(`${c.place}:${c.clientPort}`) ?? -1);
		if (name) perProcess[name]++;
		else unknown++;
	}
	return { perProcess, unknown };
}

/** "address:port" of each established TCP socket → the pid that owns it. */
async function socketOwners(): Promise<Map<string, number>> {
	const out = await run('ss', ['-tnpH', 'state', 'established'], { timeoutMs: 10_000 });
	const owners = new Map<string, number>();
	for (const line of out.split('\n')) {
		// Recv-Q Send-Q Local:Port Peer:Port users:(("node",pid=123,fd=45))
		const fields = line.trim().split(/\s+/);
		const pid = /pid=(\d+)/.exec(line)?.[1];
		if (fields.length >= 4 && pid) owners.set(fields[2], Number(pid));
	}
	return owners;
}
