// Runs once before the real-n8n tests: makes sure the pinned n8n is installed (cache), builds and
// packs this package, and installs the tarball's dependencies, so each test file only copies it.
import * as path from 'node:path';

import { installedPackage, packPackage, pruneStage } from './package';
import { ensureRuntime, repoRoot, run } from './runtime';

/**
 * Says what runs and how long it took, with a line every 20 s while it runs: jest shows nothing
 * else during global set-up, and a person waiting must never face 30 s of silence.
 */
async function step<T>(what: string, work: () => Promise<T>): Promise<T> {
	const started = Date.now();
	const seconds = () => Math.round((Date.now() - started) / 1000);
	process.stderr.write(`[n8n e2e] ${what}…\n`);
	const beat = setInterval(
		() => process.stderr.write(`[n8n e2e] ${what}: ${seconds()} s\n`),
		20_000,
	);
	try {
		const result = await work();
		process.stderr.write(`[n8n e2e] ${what}: done in ${seconds()} s\n`);
		return result;
	} finally {
		clearInterval(beat);
	}
}

export default async function globalSetup(): Promise<void> {
	await ensureRuntime();
	// The login forms are driven in Debian's Chromium: installed here on a fresh machine (as root),
	// so that `npm test` alone runs every test; without it those tests fail, never skip.
	const chromium = await step(
		'checking Chromium for the browser tests',
		async () =>
			await run(path.join(repoRoot, 'scripts', 'ensure-chromium.sh'), [], {
				timeoutMs: 15 * 60_000,
				showProgress: true,
			}).catch((error: Error) => {
				process.stderr.write(`[n8n e2e] ${error.message.split('\n').slice(-3).join(' ')}\n`);
				return '';
			}),
	);
	const found = /^CHROMIUM_PATH=(.+)$/m.exec(chromium)?.[1];
	if (found) process.env.CHROMIUM_PATH = found;
	await pruneStage();
	if (!process.env.N8N_E2E_PACKAGE_TGZ) {
		// CI builds once before testing and sets N8N_E2E_SKIP_BUILD=1 to avoid a second build.
		const skipBuild = process.env.N8N_E2E_SKIP_BUILD === '1';
		const tarball = await step(
			skipBuild ? 'packing the package' : 'building and packing the package (about 45 s)',
			async () => await packPackage(repoRoot, skipBuild),
		);
		// Workers are forked after global setup and inherit this.
		process.env.N8N_E2E_PACKAGE_TGZ = tarball;
		process.env.N8N_E2E_PACKED_BY_SETUP = '1';
	}
	const tarball = process.env.N8N_E2E_PACKAGE_TGZ;
	await step(
		'installing the packed package as n8n installs community packages',
		async () => await installedPackage(tarball),
	);
}
