// Puts this package into an n8n user folder exactly as n8n's community-package installer does
// (n8n 2.41 CommunityPackagesService.downloadPackage): the `npm pack` tarball extracted into
// <user>/.n8n/nodes/node_modules/<name>, dev/peer/optional dependencies dropped from its
// package.json, a shallow `npm install` without scripts, and the name listed in nodes/package.json.
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { repoRoot, run } from './runtime';

interface PackageJson {
	name: string;
	version: string;
	[key: string]: unknown;
}

const stageRoot = path.join(os.tmpdir(), 'n8n-nodes-telegram-account-e2e');

/** `npm run build` (unless `skipBuild`) and `npm pack`; returns the tarball's path. */
export async function packPackage(packageDir = repoRoot, skipBuild = false): Promise<string> {
	if (!skipBuild) await run('npm', ['run', 'build'], { cwd: packageDir, timeoutMs: 5 * 60_000 });
	await fs.mkdir(stageRoot, { recursive: true });
	// Its own folder: the tarball's name is fixed (name-version.tgz) and runs may overlap.
	const destination = await fs.mkdtemp(path.join(stageRoot, 'pack-'));
	const out = await run('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: packageDir,
		timeoutMs: 2 * 60_000,
	});
	const [packed] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string }>;
	return path.join(destination, packed.filename);
}

/**
 * Extracts and installs the tarball once per content hash (dependencies come from the registry,
 * ~10–30 s), then reuses that folder; returns the installed package folder.
 */
export async function installedPackage(tarball: string): Promise<string> {
	const sha = createHash('sha256').update(readFileSync(tarball)).digest('hex').slice(0, 16);
	const ready = path.join(stageRoot, `installed-${sha}`);
	if (existsSync(path.join(ready, '.complete'))) return await markUsed(ready);

	await fs.mkdir(stageRoot, { recursive: true });
	const tmp = await fs.mkdtemp(path.join(stageRoot, `.installing-${sha}-`));
	try {
		await run('tar', ['-xzf', tarball, '-C', tmp, '--strip-components=1'], { timeoutMs: 60_000 });
		const manifestPath = path.join(tmp, 'package.json');
		const manifest = JSON.parse(await fs.readFile(manifestPath, 'utf8')) as PackageJson;
		delete manifest.devDependencies;
		delete manifest.peerDependencies;
		delete manifest.optionalDependencies;
		await fs.writeFile(manifestPath, JSON.stringify(manifest, null, 2));
		await run(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
				'--loglevel=error',
			],
			{ cwd: tmp, timeoutMs: 5 * 60_000 },
		);
		await fs.writeFile(path.join(tmp, '.complete'), '');
		if (!existsSync(path.join(ready, '.complete'))) {
			await fs.rm(ready, { recursive: true, force: true }); // an interrupted earlier attempt
			await fs.rename(tmp, ready);
		}
	} catch (error) {
		// Another worker may have renamed the same content into place first: that one is as good.
		if (!existsSync(path.join(ready, '.complete'))) throw error;
	} finally {
		await fs.rm(tmp, { recursive: true, force: true });
	}
	return await markUsed(ready);
}

/** A copy in use is the newest: pruneStage in a run beside this one keeps it. */
async function markUsed(installed: string): Promise<string> {
	const now = new Date();
	await fs.utimes(installed, now, now).catch(() => undefined);
	return installed;
}

/** Copies an installed package into `<userFolder>/.n8n/nodes` and registers it there. */
export async function addToUserFolder(installed: string, userFolder: string): Promise<PackageJson> {
	await markUsed(installed);
	const manifest = JSON.parse(
		await fs.readFile(path.join(installed, 'package.json'), 'utf8'),
	) as PackageJson;
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', manifest.name);
	await fs.rm(target, { recursive: true, force: true }); // a kept (dev) folder: no stale files
	await fs.mkdir(path.dirname(target), { recursive: true });
	await fs.cp(installed, target, { recursive: true, filter: (src) => !src.endsWith('.complete') });
	const nodesManifest = {
		name: 'installed-nodes',
		private: true,
		dependencies: { [manifest.name]: manifest.version },
	};
	await fs.writeFile(path.join(nodesDir, 'package.json'), JSON.stringify(nodesManifest, null, 2));
	return manifest;
}

/** Installed copies kept for reuse: a few recent builds (each ~12 MB), not one per edit. */
const KEEP_INSTALLED = 6;

/**
 * Removes packed tarballs and installed copies older than `maxAgeMs`, and all but the newest
 * KEEP_INSTALLED installed copies (each build of a changed tree makes a new one).
 */
export async function pruneStage(maxAgeMs = 24 * 3600_000, root = stageRoot): Promise<void> {
	const entries = await fs.readdir(root).catch(() => [] as string[]);
	const stats = await Promise.all(
		entries.map(async (entry) => {
			const full = path.join(root, entry);
			return { entry, full, stat: await fs.stat(full).catch(() => undefined) };
		}),
	);
	const installed = stats
		.filter((e) => e.stat && e.entry.startsWith('installed-'))
		.sort((x, y) => y.stat!.mtimeMs - x.stat!.mtimeMs);
	const surplus = new Set(installed.slice(KEEP_INSTALLED).map((e) => e.full));
	for (const { full, stat } of stats) {
		if (stat && (surplus.has(full) || Date.now() - stat.mtimeMs > maxAgeMs)) {
			await fs.rm(full, { recursive: true, force: true });
		}
	}
}

/** Removes the folder packPackage made for this tarball (each run's own `pack-*`), once used. */
export async function discardTarball(tarball: string): Promise<void> {
	const folder = path.dirname(tarball);
	if (path.dirname(folder) !== stageRoot || !path.basename(folder).startsWith('pack-')) return;
	await fs.rm(folder, { recursive: true, force: true });
}
