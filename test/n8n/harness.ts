// Starts a real n8n (the pinned one from n8n-runtime/, on Node 24) with this package installed as
// a community package, isolated (own user folder, sqlite, 127.0.0.1) and offline, and drives it
// over REST. Used by test/n8n/*.test.ts and by `npm run dev` (scripts/dev-n8n.ts).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { recordSecret, scanItems, scanText } from '../helpers/secretScan';
import { httpJson, waitForOk } from './http';
import { N8nClient, type OwnerLogin } from './client';
import { addToUserFolder, discardTarball, installedPackage, packPackage } from './package';
import { ensureRuntime, freePort, repoRoot } from './runtime';

export { N8nClient } from './client';
export type { CredentialTestResult, Execution, OwnerLogin, WebhookResult } from './client';

export const defaultOwner: OwnerLogin = {
	email: 'owner@example.com',
	password: 'Owner-Pass-1234',
	firstName: 'Test',
	lastName: 'Owner',
};

export interface StartN8nOptions {
	/** Package to build, pack and install; default: this repository. */
	packageDir?: string;
	/** A packed tarball to install instead (global-setup packs once: N8N_E2E_PACKAGE_TGZ). */
	tarball?: string;
	/** Fixed port (dev: 5678); default: a random free one in 10000–32000. */
	port?: number;
	/** A persistent user folder (kept at stop); default: a fresh temp folder, removed at stop. */
	userFolder?: string;
	/** Extra or overriding environment for n8n. */
	env?: Record<string, string>;
	owner?: OwnerLogin;
	readyTimeoutMs?: number;
}

/** What `n8n execute --rawOutput` printed: the run (IRun JSON) and the process's exit code. */
export interface CliRun {
	exitCode: number;
	status: string;
	data: {
		resultData: {
			error?: { message: string };
			runData: Record<string, Array<{ data?: { main: Array<Array<CliItem> | null> } }>>;
		};
	};
}

export interface CliItem {
	json: Record<string, unknown>;
	binary?: Record<string, Record<string, unknown>>;
}

export interface N8nInstance extends N8nClient {
	readonly port: number;
	readonly userFolder: string;
	readonly logFile: string;
	readonly pid: number;
	/** Lines the loopback guard recorded: every DNS lookup / connect beyond 127.0.0.1. */
	outboundAttempts(): string[];
	logTail(lines?: number): string;
	/**
	 * Runs a saved workflow once from its Manual Trigger with `n8n execute --id --rawOutput`, as
	 * the same binary, user folder and environment (own task-runner port) as this instance.
	 */
	executeWorkflowCli(workflowId: string, timeoutMs?: number): Promise<CliRun>;
	/** SIGTERM, then SIGKILL to the whole process group after a bound; leaves no process. */
	stop(): Promise<void>;
}

// Everything that would reach the internet at start or in the background is switched off.
export const offlineEnv: Record<string, string> = {
	DB_TYPE: 'sqlite',
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_DISABLED_MODULES: 'mcp-registry',
	N8N_SECURE_COOKIE: 'false',
	N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
	// Activation goes through an outbox polled every 15 s by default: poll fast so tests wait less.
	N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '250',
	N8N_LOG_OUTPUT: 'console',
	N8N_LOG_LEVEL: 'info',
	N8N_NO_COLOR: 'true',
};

// jest sets NODE_ENV=test, with which n8n exits at once without a word; nor should a test
// runner's or a dev shell's NODE_OPTIONS or N8N_* settings leak into the isolated instance.
export function inheritedEnv(): NodeJS.ProcessEnv {
	const env = { ...process.env };
	for (const key of Object.keys(env)) {
		if (key === 'NODE_ENV' || key === 'NODE_OPTIONS' || /^(JEST_|N8N_|DB_)/.test(key)) {
			delete env[key];
		}
	}
	return env;
}

/** Spawns `n8n <command>` (default `start`; queue mode also runs `worker`), output to logFile. */
export function spawnN8n(
	runtime: { node: string; bin: string },
	env: NodeJS.ProcessEnv,
	logFile: string,
	command: 'start' | 'worker' = 'start',
): ChildProcess {
	const fd = openSync(logFile, 'a');
	try {
		// detached: its own process group, so stop() also reaches the task runner it spawns.
		return spawn(runtime.node, [runtime.bin, command], {
			cwd: env.N8N_USER_FOLDER,
			env,
			detached: true,
			stdio: ['ignore', fd, fd],
		});
	} finally {
		closeSync(fd);
	}
}

export function exited(child: ChildProcess, ms: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
	return new Promise((resolve) => {
		const timer = setTimeout(() => resolve(false), ms);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	try {
		if (child.pid) process.kill(-child.pid, signal);
	} catch {
		// ESRCH: the group is already gone.
	}
}

/** The secret scan learns the secrets of every credential a test imports. */
function recordImportedSecrets(client: N8nClient): void {
	const importCredential = client.importCredential.bind(client);
	client.importCredential = async (credential) => {
		const data = credential.data;
		const options = (data.options ?? {}) as Record<string, unknown>;
		recordSecret(data.apiHash, 'an api_hash');
		recordSecret(data.session, 'a session');
		recordSecret(options.loginSecret, 'a login secret');
		recordSecret(options.proxyPassword, 'a proxy password');
		return await importCredential(credential);
	};
}

/** The secret scan over a CLI run: every node's output items and the run's error. */
function scanCliRun(run: CliRun): void {
	const result = run.data?.resultData;
	if (result?.error) scanText('a CLI run error', result.error.message);
	for (const [node, runs] of Object.entries(result?.runData ?? {})) {
		for (const r of runs) scanItems(`the CLI output of ${node}`, r.data?.main ?? []);
	}
}

export async function startN8n(options: StartN8nOptions = {}): Promise<N8nInstance> {
	const runtime = await ensureRuntime();
	const given = options.tarball ?? process.env.N8N_E2E_PACKAGE_TGZ;
	const tarball = given ?? (await packPackage(options.packageDir ?? repoRoot));
	const installed = await installedPackage(tarball);
	if (!given) await discardTarball(tarball);

	const keepFolder = options.userFolder !== undefined || process.env.N8N_E2E_KEEP === '1';
	const userFolder =
		options.userFolder ?? mkdtempSync(path.join(os.tmpdir(), 'n8n-telegram-account-e2e-'));
	await addToUserFolder(installed, userFolder);
	const logFile = path.join(userFolder, 'n8n.log');
	const guardLog = path.join(userFolder, 'outbound.log');
	const owner = options.owner ?? defaultOwner;

	for (let attempt = 1; ; attempt++) {
		const port = options.port ?? (await freePort());
		const brokerPort = await freePort([port]);
		const env: NodeJS.ProcessEnv = {
			...inheritedEnv(),
			...offlineEnv,
			PATH: `${path.dirname(runtime.node)}${path.delimiter}${process.env.PATH ?? ''}`,
			NODE_OPTIONS: ['loopback-guard.cjs', 'exit-with-parent.cjs']
				.map((file) => `--require "${path.join(repoRoot, 'scripts', file)}"`)
				.join(' '),
			LOOPBACK_GUARD_LOG: guardLog,
			EXIT_WITH_PARENT_PID: String(process.pid),
			N8N_USER_FOLDER: userFolder,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(port),
			N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
			// Several instances run at once in tests: the task-runner broker needs its own port too.
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			...options.env,
		};
		// A fresh folder gets a random key; a kept one already has its key in .n8n/config.
		if (existsSync(path.join(userFolder, '.n8n', 'config'))) delete env.N8N_ENCRYPTION_KEY;
		else env.N8N_ENCRYPTION_KEY ??= randomBytes(24).toString('hex');
		const child = spawnN8n(runtime, env, logFile);
		const alive = () => child.exitCode === null && child.signalCode === null;
		let spawnError = '';
		child.on('error', (error) => (spawnError = error.message));
		const baseUrl = `http://127.0.0.1:${port}`;
		const terminate = async () => {
			if (!(await exited(child, 0))) {
				killGroup(child, 'SIGTERM');
				if (!(await exited(child, 15_000))) killGroup(child, 'SIGKILL');
				await exited(child, 5_000);
			}
			killGroup(child, 'SIGKILL'); // stragglers of the group (task runner)
		};
		let stopping: Promise<void> | undefined;
		const stop = () =>
			(stopping ??= terminate().then(() => {
				// The secret scan (test/helpers/secretScan.ts): no n8n log line holds a secret in play.
				if (existsSync(logFile)) scanText('the n8n log', readFileSync(logFile, 'utf8'));
				if (!keepFolder) rmSync(userFolder, { recursive: true, force: true });
			}));
		const logTail = (lines = 40) =>
			existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n') : '';
		try {
			const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
			await waitForOk(`${baseUrl}/healthz/readiness`, deadline, alive);
			const client = await N8nClient.signIn(baseUrl, owner);
			recordImportedSecrets(client);
			return Object.assign(client, {
				port,
				userFolder,
				logFile,
				pid: child.pid ?? 0,
				outboundAttempts: () =>
					existsSync(guardLog) ? readFileSync(guardLog, 'utf8').split('\n').filter(Boolean) : [],
				logTail,
				stop,
				executeWorkflowCli: async (workflowId: string, timeoutMs = 60_000) => {
					const runnerPort = await freePort([port, brokerPort]);
					const cliEnv = { ...env, N8N_RUNNERS_BROKER_PORT: String(runnerPort) };
					const run = await executeCli(runtime, cliEnv, workflowId, timeoutMs);
					scanCliRun(run);
					return run;
				},
			});
		} catch (error) {
			const tail = logTail();
			const portTaken = /EADDRINUSE/.test(tail);
			if (portTaken && options.port === undefined && attempt < 3) {
				await terminate();
				continue;
			}
			await stop();
			const status = `exit code ${child.exitCode}, signal ${child.signalCode} ${spawnError}`;
			throw new Error(`n8n did not start (${status}): ${(error as Error).message}\n${tail}`);
		}
	}
}

// Log lines come first, then the run as indented JSON: from a line `{` to the next line `}`. On a
// failed run n8n logs the same JSON and exits non-zero; both cases return it. Own process group,
// so a timeout or the end also takes the task runner it starts.
function executeCli(
	runtime: { node: string; bin: string },
	env: NodeJS.ProcessEnv,
	workflowId: string,
	timeoutMs: number,
): Promise<CliRun> {
	const args = [runtime.bin, 'execute', `--id=${workflowId}`, '--rawOutput'];
	const options = { cwd: env.N8N_USER_FOLDER, env, detached: true, maxBuffer: 64 * 1024 * 1024 };
	return new Promise((resolve, reject) => {
		let timedOut = false;
		const child = execFile(runtime.node, args, options, (error, out, err) => {
			clearTimeout(timer);
			killGroup(child, 'SIGKILL');
			const lines = out.split('\n');
			const start = lines.indexOf('{');
			const end = lines.indexOf('}', start);
			const tail = `${out}\n${err}`.trim().split('\n').slice(-30).join('\n');
			if (start < 0 || end < 0) {
				const why = timedOut ? `no end in ${timeoutMs} ms` : (error?.message ?? '');
				return reject(new Error(`n8n execute printed no run (${why}):\n${tail}`));
			}
			try {
				const run = JSON.parse(lines.slice(start, end + 1).join('\n')) as CliRun;
				resolve({ ...run, exitCode: child.exitCode ?? -1 });
			} catch (parseError) {
				reject(new Error(`n8n execute: ${(parseError as Error).message}\n${tail}`));
			}
		});
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child, 'SIGKILL');
		}, timeoutMs);
	});
}

/** Lists the package's node types as n8n's editor sees them (for load checks). */
export async function nodeTypeNames(n8n: N8nClient): Promise<string[]> {
	const res = await httpJson({
		url: `${n8n.baseUrl}/types/nodes.json`,
		headers: n8n.authHeaders(),
	});
	if (res.status !== 200) throw new Error(`GET /types/nodes.json: HTTP ${res.status}`);
	return (res.body as Array<{ name: string }>).map((type) => type.name);
}
