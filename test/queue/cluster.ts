// n8n in queue mode as users run it: one main (webhooks, triggers, the editor) and workers that run
// the executions, sharing PostgreSQL (one database per test file) and Redis (one key prefix per
// file), each with this package installed as a community package, against the loopback Telegram
// server in this jest process. PostgreSQL and Redis come from scripts/queue.sh.
import { type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startTestServer, type TestServer } from '../server';
import {
	exited,
	inheritedEnv,
	killGroup,
	offlineEnv,
	spawnN8n,
	startN8n,
	type N8nInstance,
} from '../n8n/harness';
import { waitForOk } from '../n8n/http';
import { addToUserFolder, installedPackage } from '../n8n/package';
import { ensureRuntime, freePort, repoRoot, run } from '../n8n/runtime';

/** Where each process's Telegram connections come from. */
export type Places =
	/** All on one host (one address): how Telegram sees processes behind one public IP. */
	| 'one-host'
	/** Each process on its own address, as processes on separate hosts. */
	| 'host-per-process';

export interface QueueOptions {
	workers?: number;
	places?: Places;
	/** Extra n8n environment for every process. */
	env?: Record<string, string>;
}

export interface N8nProcess {
	name: string;
	pid: number;
	logFile: string;
	/** The address its Telegram connections come from. */
	place: string;
}

export interface WorkerProcess extends N8nProcess {
	stop(): Promise<void>;
	/** SIGKILL to its process group (as a crash or an OOM kill); its log is kept for the counts. */
	kill(): Promise<void>;
}

export interface QueueCluster {
	telegram: TestServer;
	main: N8nInstance;
	workers: WorkerProcess[];
	processes(): N8nProcess[];
	/** Execution id → name of the worker that ran it (from the workers' "started execution" lines). */
	executionsByWorker(): Map<string, string>;
	/**
	 * Stops the main (SIGTERM: n8n's shutdown; SIGKILL: a crash) and starts a new one on the same
	 * database and Redis; `main` is the new one afterwards. Resolves with how long it was down.
	 */
	restartMain(signal: 'SIGTERM' | 'SIGKILL'): Promise<{ downMs: number }>;
	/** Every log line of every n8n process this cluster ran (also restarted and killed ones). */
	logLines(pattern: RegExp): string[];
	/** Kills a worker with SIGKILL; the others go on. */
	killWorker(name: string): Promise<void>;
	/** Runs SQL on the cluster's database (psql, unaligned rows): for what the REST API hides. */
	sql(query: string): Promise<string>;
	stop(): Promise<void>;
}

const START_TIMEOUT_MS = 300_000;

/** The environment scripts/queue.sh exports; without it the queue tests cannot run. */
export function servicesFromEnv(): {
	pgHost: string;
	pgPort: number;
	redisHost: string;
	redisPort: number;
} {
	const { QUEUE_PG_HOST, QUEUE_PG_PORT, QUEUE_REDIS_HOST, QUEUE_REDIS_PORT } = process.env;
	if (!QUEUE_PG_PORT || !QUEUE_REDIS_PORT) {
		throw new Error(
			'PostgreSQL and Redis are not running: start these tests with npm run test:queue',
		);
	}
	return {
		pgHost: QUEUE_PG_HOST ?? '127.0.0.1',
		pgPort: Number(QUEUE_PG_PORT),
		redisHost: QUEUE_REDIS_HOST ?? '127.0.0.1',
		redisPort: Number(QUEUE_REDIS_PORT),
	};
}

async function psql(query: string, database?: string): Promise<string> {
	const s = servicesFromEnv();
	const args = [
		'-h',
		s.pgHost,
		'-p',
		String(s.pgPort),
		'-U',
		process.env.QUEUE_PG_USER ?? 'postgres',
	];
	if (database) args.push('-d', database);
	return await run('psql', [...args, '-v', 'ON_ERROR_STOP=1', '-At', '-c', query], {
		timeoutMs: 60_000,
	});
}

async function createDatabase(name: string): Promise<void> {
	await psql(`CREATE DATABASE ${name}`);
}

function placeEnv(place: string | undefined, ports: number[]): Record<string, string> {
	const preload = ['loopback-guard.cjs', 'exit-with-parent.cjs'].map((file) =>
		path.join(repoRoot, 'scripts', file),
	);
	if (place) preload.push(path.join(__dirname, 'place.cjs'));
	return {
		NODE_OPTIONS: preload.map((file) => `--require "${file}"`).join(' '),
		...(place && { QUEUE_PLACE_ADDRESS: place, QUEUE_PLACE_PORTS: ports.join(',') }),
	};
}

export async function startQueueCluster(options: QueueOptions = {}): Promise<QueueCluster> {
	const services = servicesFromEnv();
	const telegram = await startTestServer();
	const ports = telegram.dcs.map((d) => d.port);
	const tag = randomBytes(4).toString('hex');
	const database = `n8n_queue_${tag}`;
	await createDatabase(database);
	const shared: Record<string, string> = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: services.redisHost,
		QUEUE_BULL_REDIS_PORT: String(services.redisPort),
		QUEUE_BULL_PREFIX: `bull_${tag}`,
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: services.pgHost,
		DB_POSTGRESDB_PORT: String(services.pgPort),
		DB_POSTGRESDB_DATABASE: database,
		DB_POSTGRESDB_USER: process.env.QUEUE_PG_USER ?? 'postgres',
		DB_POSTGRESDB_PASSWORD: '',
		// n8n's default pool of 2 makes a main that writes hundreds of executions fail its own
		// database health check ("Database is not ready").
		DB_POSTGRESDB_POOL_SIZE: '10',
		// n8n (2.41) keeps no finished job in Redis by default, and its main asks Bull whether a job
		// finished only after its own before-hooks: a worker that finished first leaves the main
		// waiting for ever (a webhook call never answered). Kept jobs let the main find the result.
		N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: '1000',
		N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: '1000',
		N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
		...options.env,
	};
	const hostPerProcess = options.places === 'host-per-process';
	const placeOf = (index: number) => (hostPerProcess ? `127.0.0.${11 + index}` : undefined);
	const mainPlace = placeOf(0);
	let main: N8nInstance | undefined;
	const workers: WorkerProcess[] = [];
	const stop = async () => {
		await Promise.all(workers.map(async (w) => await w.stop()));
		await main?.stop();
		await telegram.stop();
	};
	const mainEnv = { ...shared, ...placeEnv(mainPlace, ports) };
	// Three n8n processes (and other test runs) on 2 shared cores: a start can take minutes.
	const readyTimeoutMs = START_TIMEOUT_MS;
	try {
		main = await startN8n({ env: mainEnv, readyTimeoutMs });
		for (let i = 1; i <= (options.workers ?? 2); i++) {
			workers.push(await startWorker(`worker${i}`, shared, placeOf(i), ports));
		}
	} catch (error) {
		await stop();
		throw error;
	}
	const current = () => {
		if (!main) throw new Error('the main is not running');
		return main;
	};
	const mainProcess = (): N8nProcess => ({
		name: 'main',
		pid: current().pid,
		logFile: current().logFile,
		place: mainPlace ?? '127.0.0.1',
	});
	/** Logs of killed workers (their folders are gone): their executions still count. */
	const killedLogs = new Map<string, string>();
	const logOf = (w: WorkerProcess) =>
		killedLogs.get(w.name) ?? (existsSync(w.logFile) ? readFileSync(w.logFile, 'utf8') : '');
	const all = [...workers];
	const pastMainLogs: string[] = [];
	const readLog = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
	return {
		telegram,
		get main() {
			return current();
		},
		workers,
		processes: () => [mainProcess(), ...workers],
		executionsByWorker: () => {
			const byWorker = new Map<string, string>();
			for (const w of all) {
				for (const m of logOf(w).matchAll(/Worker started execution (\d+)/g)) {
					byWorker.set(m[1], w.name);
				}
			}
			return byWorker;
		},
		async restartMain(signal) {
			const old = current();
			const down = Date.now();
			const keepLog = () => pastMainLogs.push(readLog(old.logFile));
			main = undefined;
			if (signal === 'SIGKILL') {
				try {
					process.kill(-old.pid, 'SIGKILL');
				} catch {
					// already gone
				}
			}
			keepLog();
			await old.stop();
			main = await startN8n({ env: mainEnv, readyTimeoutMs });
			return { downMs: Date.now() - down };
		},
		logLines(pattern) {
			const logs = [...pastMainLogs, readLog(current().logFile), ...all.map(logOf)];
			return logs.flatMap((log) => log.split('\n').filter((line) => pattern.test(line)));
		},
		async killWorker(name) {
			const index = workers.findIndex((w) => w.name === name);
			if (index < 0) throw new Error(`no live worker ${name}`);
			const [worker] = workers.splice(index, 1);
			await worker.kill();
			killedLogs.set(
				worker.name,
				existsSync(worker.logFile) ? readFileSync(worker.logFile, 'utf8') : '',
			);
			await worker.stop();
		},
		sql: async (query) => await psql(query, database),
		stop,
	};
}

async function startWorker(
	name: string,
	shared: Record<string, string>,
	place: string | undefined,
	ports: number[],
): Promise<WorkerProcess> {
	const runtime = await ensureRuntime();
	const tarball = process.env.N8N_E2E_PACKAGE_TGZ;
	if (!tarball) throw new Error('no packed package: run through the queue jest config');
	const userFolder = mkdtempSync(path.join(os.tmpdir(), `n8n-telegram-queue-${name}-`));
	await addToUserFolder(await installedPackage(tarball), userFolder);
	const logFile = path.join(userFolder, 'n8n.log');
	const healthPort = await freePort();
	const brokerPort = await freePort([healthPort]);
	const env: NodeJS.ProcessEnv = {
		...inheritedEnv(),
		...offlineEnv,
		PATH: `${path.dirname(runtime.node)}${path.delimiter}${process.env.PATH ?? ''}`,
		LOOPBACK_GUARD_LOG: path.join(userFolder, 'outbound.log'),
		EXIT_WITH_PARENT_PID: String(process.pid),
		N8N_USER_FOLDER: userFolder,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		...shared,
		...placeEnv(place, ports),
	};
	const child: ChildProcess = spawnN8n(runtime, env, logFile, 'worker');
	const alive = () => child.exitCode === null && child.signalCode === null;
	let stopping: Promise<void> | undefined;
	const stop = () =>
		(stopping ??= (async () => {
			if (!(await exited(child, 0))) {
				killGroup(child, 'SIGTERM');
				if (!(await exited(child, 15_000))) killGroup(child, 'SIGKILL');
				await exited(child, 5_000);
			}
			killGroup(child, 'SIGKILL');
			if (process.env.N8N_E2E_KEEP !== '1') rmSync(userFolder, { recursive: true, force: true });
		})());
	try {
		await waitForOk(
			`http://127.0.0.1:${healthPort}/healthz/readiness`,
			Date.now() + START_TIMEOUT_MS,
			alive,
		);
	} catch (error) {
		const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30) : [];
		await stop();
		throw new Error(`${name} did not start: ${(error as Error).message}\n${tail.join('\n')}`);
	}
	const kill = async () => {
		killGroup(child, 'SIGKILL');
		await exited(child, 5_000);
	};
	return { name, pid: child.pid ?? 0, logFile, place: place ?? '127.0.0.1', stop, kill };
}
