// A minimal SOCKS5 proxy (no auth, CONNECT only) to prove the credential's proxy settings reach
// GramJS: it records every destination it was asked to dial.
import { createServer, connect, type Server, type Socket } from 'net';

export interface Socks5Proxy {
	port: number;
	destinations: string[];
	stop(): Promise<void>;
}

/** host:port asked for → host:port dialled instead (a loopback server standing in for Telegram). */
export type Redirects = Record<string, { host: string; port: number }>;

function handle(
	client: Socket,
	destinations: string[],
	sockets: Set<Socket>,
	redirects: Redirects,
): void {
	let stage: 'greeting' | 'request' | 'piping' = 'greeting';
	client.on('data', (chunk: Buffer) => {
		if (stage === 'greeting') {
			client.write(Buffer.from([5, 0]));
			stage = 'request';
			return;
		}
		if (stage !== 'request') return;
		stage = 'piping';
		const atyp = chunk[3];
		let host: string;
		let offset: number;
		if (atyp === 1) {
			host = [...chunk.subarray(4, 8)].join('.');
			offset = 8;
		} else {
			const len = chunk[4];
			host = chunk.subarray(5, 5 + len).toString();
			offset = 5 + len;
		}
		const port = chunk.readUInt16BE(offset);
		destinations.push(`${host}:${port}`);
		const to = redirects[`${host}:${port}`] ?? { host, port };
		const upstream = connect(to.port, to.host, () => {
			client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
			client.pipe(upstream);
			upstream.pipe(client);
		});
		sockets.add(upstream);
		upstream.on('close', () => {
			sockets.delete(upstream);
			client.destroy();
		});
		upstream.on('error', () => client.destroy());
	});
	client.on('close', () => sockets.forEach((s) => s.destroy()));
	client.on('error', () => undefined);
}

export async function startSocks5(redirects: Redirects = {}): Promise<Socks5Proxy> {
	const destinations: string[] = [];
	const sockets = new Set<Socket>();
	const server: Server = createServer((client) => {
		sockets.add(client);
		client.on('close', () => sockets.delete(client));
		handle(client, destinations, sockets, redirects);
	});
	const port = await new Promise<number>((resolve, reject) => {
		const tryPort = (n: number) => {
			const p = 10_000 + Math.floor(Math.random() * 22_000);
			server.once('error', (e: NodeJS.ErrnoException) =>
				e.code === 'EADDRINUSE' && n < 20 ? tryPort(n + 1) : reject(e),
			);
			server.listen(p, '127.0.0.1', () => resolve(p));
		};
		tryPort(0);
	});
	return {
		port,
		destinations,
		stop: async () => {
			for (const s of sockets) s.destroy();
			await new Promise<void>((r) => server.close(() => r()));
		},
	};
}
