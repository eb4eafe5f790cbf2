// What the in-n8n figures share: whether the pinned n8n is installed, the n8n process's RSS, and
// an optional CPU profile of n8n (BENCH_N8N_CPU_PROF=<dir>, written when n8n stops).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { repoRoot } from '../../test/n8n/runtime';

/** The cache folder scripts/ensure-n8n.sh installs into, if it finished there. */
export function n8nInstalled(): boolean {
	if (process.env.N8N_RUNTIME_DIR)
		return existsSync(join(process.env.N8N_RUNTIME_DIR, '.complete'));
	const spec = join(repoRoot, 'n8n-runtime');
	const hash = createHash('sha256')
		.update(readFileSync(join(spec, 'package.json')))
		.update(readFileSync(join(spec, 'package-lock.json')))
		.digest('hex')
		.slice(0, 16);
	const cache =
		process.env.N8N_RUNTIME_CACHE ??
		join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'n8n-nodes-telegram-account');
	return existsSync(join(cache, hash, '.complete'));
}

/** Resident memory of a process (n8n's, not ours), in MB. */
export function rssMb(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
	return kb / 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak. */
export function rssPeak(pid: number, everyMs = 20): { stop(): number } {
	let peak = rssMb(pid);
	const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), everyMs);
	return {
		stop: () => {
			clearInterval(timer);
			return Math.max(peak, rssMb(pid));
		},
	};
}

/** BENCH_N8N_CPU_PROF=<dir>: n8n writes a V8 CPU profile there when it stops (for analysis). */
export function profileEnv(): Record<string, string> | undefined {
	const dir = process.env.BENCH_N8N_CPU_PROF;
	if (!dir) return undefined;
	// Replaces the harness's NODE_OPTIONS, so its two preloads are listed again.
	const preload = ['loopback-guard.cjs', 'exit-with-parent.cjs']
		.map((file) => `--require "${join(repoRoot, 'scripts', file)}"`)
		.join(' ');
	return { NODE_OPTIONS: `${preload} --cpu-prof --cpu-prof-dir="${dir}"` };
}
