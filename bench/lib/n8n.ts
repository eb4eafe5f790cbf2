// What the in-n8n figures share: whether the pinned n8n is installed, the n8n process's RSS (and
// its task runner's), and an optional CPU profile of n8n (BENCH_N8N_CPU_PROF=<dir>).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** RSS in MB, or NaN once the process is gone (a task runner may be restarted). */
function rssOrNaN(pid: number): number {
	try {
		return rssMb(pid);
	} catch {
		return NaN;
	}
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak. */
export function rssPeak(pid: number, everyMs = 20): { stop(): number } {
	let peak = rssOrNaN(pid);
	const sample = () => (peak = Math.max(peak, rssOrNaN(pid)));
	const timer = setInterval(sample, everyMs);
	return {
		stop: () => {
			clearInterval(timer);
			return sample();
		},
	};
}

/** The JavaScript task runner n8n spawned for its Code node (internal mode), if it runs. */
export function taskRunnerPid(n8nPid: number): number | undefined {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			// Fields after the command's closing parenthesis: state, then the parent's pid.
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
			if (parent === n8nPid && command.includes('task-runner')) return Number(entry);
		} catch {
			// The process ended while we looked.
		}
	}
	return undefined;
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
