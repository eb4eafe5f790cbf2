// The pieces a real-n8n run needs besides n8n itself: the cached n8n + Node 24 install (from
// scripts/ensure-n8n.sh), free ports, and child commands with a deadline.
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

export interface N8nRuntime {
	/** Folder holding node_modules/n8n and node_modules/node. */
	dir: string;
	/** The Node 24 binary n8n runs on. */
	node: string;
	/** n8n's bin script, run as `node <bin> start`. */
	bin: string;
}

/** Runs a command; rejects with its output tail on a non-zero exit or after `timeoutMs`. */
export function run(
	file: string,
	args: string[],
	options: {
		cwd?: string;
		env?: NodeJS.ProcessEnv;
		timeoutMs: number;
		/** Pass the command's stderr (its progress lines) through as they come. */
		showProgress?: boolean;
	},
): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = execFile(
			file,
			args,
			{
				cwd: options.cwd,
				env: options.env ?? process.env,
				timeout: options.timeoutMs,
				killSignal: 'SIGKILL',
				maxBuffer: 64 * 1024 * 1024,
			},
			(error, stdout, stderr) => {
				if (!error) return resolve(stdout);
				const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
				reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${tail}`));
			},
		);
		if (options.showProgress) child.stderr?.on('data', (chunk) => process.stderr.write(chunk));
	});
}

let runtime: Promise<N8nRuntime> | undefined;

/** Installs n8n into the cache on first use (minutes), then only reads the paths (~50 ms). */
export function ensureRuntime(): Promise<N8nRuntime> {
	runtime ??= run(path.join(repoRoot, 'scripts', 'ensure-n8n.sh'), [], {
		timeoutMs: 20 * 60_000,
		// A cold install takes minutes: its progress lines must reach the person waiting.
		showProgress: true,
	}).then((stdout) => {
		const values = new Map<string, string>();
		for (const line of stdout.split('\n')) {
			const eq = line.indexOf('=');
			if (eq > 0) values.set(line.slice(0, eq), line.slice(eq + 1));
		}
		const get = (key: string): string => {
			const value = values.get(key);
			if (!value) throw new Error(`scripts/ensure-n8n.sh printed no ${key}`);
			return value;
		};
		return { dir: get('N8N_RUNTIME_DIR'), node: get('N8N_NODE'), bin: get('N8N_BIN') };
	});
	return runtime;
}

function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen({ host: '127.0.0.1', port, exclusive: true }, () =>
			server.close(() => resolve(true)),
		);
	});
}

/** A free port in 10000–32000 (the loopback server's session format caps ports at 32767). */
export async function freePort(avoid: number[] = []): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = 10_000 + Math.floor(Math.random() * 22_000);
		if (!avoid.includes(port) && (await portIsFree(port))) return port;
	}
	throw new Error('No free port found in 10000–32000 after 50 attempts');
}
