// `npm run dev` as a person runs it: it comes up with n8n and the loopback server, and a SIGTERM to
// npm alone (what a process manager or a closed terminal sends) stops every process it started.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { waitFor } from '../helpers/deadline';
import { freePort, repoRoot } from './runtime';

/** Every process below `root`, from ps (pid → parent). */
function descendants(root: number): number[] {
	const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
		.trim()
		.split('\n')
		.map((line) => line.trim().split(/\s+/).map(Number));
	const found: number[] = [];
	const walk = (pid: number) => {
		for (const [child, parent] of rows) {
			if (parent === pid) {
				found.push(child);
				walk(child);
			}
		}
	};
	walk(root);
	return found;
}

/** Running (a zombie waiting for its parent to reap it counts as gone). */
function alive(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return false;
	}
}

async function portOpen(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port }, () => {
			socket.destroy();
			resolve(true);
		});
		socket.on('error', () => resolve(false));
	});
}

test('npm run dev comes up, and a SIGTERM to npm alone stops n8n, the server and itself', async () => {
	const port = await freePort();
	const folder = mkdtempSync(path.join(os.tmpdir(), 'n8n-dev-test-'));
	const dev = spawn('npm', ['run', '--silent', 'dev'], {
		cwd: repoRoot,
		env: { ...process.env, N8N_DEV_PORT: String(port), N8N_DEV_FOLDER: folder },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	dev.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
	dev.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
	const exited = new Promise((resolve) => dev.once('exit', resolve));
	try {
		await waitFor(() => out.includes('Press Ctrl+C') || dev.exitCode !== null, 240_000, 'dev up');
		expect(out).toContain('n8n is ready');
		// Every example is loaded, wired to the demo world.
		// Listed by file name; which comes first changes as examples are added.
		expect(out).toMatch(/Examples: +\S/);
		expect(out).toContain('Telegram login with a form (phone code)');
		expect(out).toContain('Send a text and download a file (Telegram Account)');
		expect(out).toContain('Collect Telegram channels into a data table every 30 minutes');
		expect(out).toContain('Support inbox: private messages to a work group, replies back');
		expect(out).toContain('AI assistant answers private messages as you (Telegram Account)');
		// …and its chat model is a local stand-in that answers, so the assistant runs as loaded.
		const modelUrl = /Chat model: .* at (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out)?.[1];
		expect(modelUrl).toBeDefined();
		const reply = await fetch(`${modelUrl}/chat/completions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				model: 'gpt-4o-mini',
				messages: [{ role: 'user', content: 'hi' }],
				tools: ['show_typing', 'read_recent_messages', 'send_reply'].map((name) => ({
					type: 'function',
					function: { name, parameters: { type: 'object', properties: {} } },
				})),
			}),
		});
		const answer = (await reply.json()) as {
			choices: Array<{ message: { tool_calls?: Array<{ function: { name: string } }> } }>;
		};
		expect(answer.choices[0].message.tool_calls?.map((c) => c.function.name)).toEqual([
			'show_typing',
			'read_recent_messages',
		]);
		const tree = descendants(dev.pid!);
		// npm → sh → ts-node (dev.ts) → the loopback server's npm/sh/node and n8n (+ its task runner).
		expect(tree.length).toBeGreaterThanOrEqual(5);
		expect(await portOpen(port)).toBe(true);

		process.kill(dev.pid!, 'SIGTERM');
		await exited;
		await waitFor(() => tree.every((pid) => !alive(pid)), 30_000, 'every dev process gone');
		expect(await portOpen(port)).toBe(false);
	} finally {
		for (const pid of [dev.pid!, ...descendants(dev.pid!)])
			if (alive(pid)) process.kill(pid, 'SIGKILL');
		rmSync(folder, { recursive: true, force: true });
	}
}, 300_000);
