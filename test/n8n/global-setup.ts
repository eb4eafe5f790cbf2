// Runs once before the real-n8n tests: makes sure the pinned n8n is installed (cache), builds and
// packs this package, and installs the tarball's dependencies, so each test file only copies it.
import { installedPackage, packPackage, pruneStage } from './package';
import { ensureRuntime, repoRoot } from './runtime';

export default async function globalSetup(): Promise<void> {
	await ensureRuntime();
	await pruneStage();
	if (!process.env.N8N_E2E_PACKAGE_TGZ) {
		// CI builds once before testing and sets N8N_E2E_SKIP_BUILD=1 to avoid a second build.
		const tarball = await packPackage(repoRoot, process.env.N8N_E2E_SKIP_BUILD === '1');
		// Workers are forked after global setup and inherit this.
		process.env.N8N_E2E_PACKAGE_TGZ = tarball;
		process.env.N8N_E2E_PACKED_BY_SETUP = '1';
	}
	await installedPackage(process.env.N8N_E2E_PACKAGE_TGZ);
}
