// What `npm pack` publishes, read from the very tarball the real-n8n tests install: the compiled
// nodes and credentials with their icons and codex files, the README, the LICENSE the README names,
// and nothing else (no build info, no source maps, no screenshots, no tests).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { installedPackage } from './package';
import { repoRoot } from './runtime';

interface Manifest {
	name: string;
	license?: string;
	n8n: { nodes: string[]; credentials: string[] };
}

function tarball(): string {
	const file = process.env.N8N_E2E_PACKAGE_TGZ;
	if (!file) throw new Error('N8N_E2E_PACKAGE_TGZ is not set: run through the n8n jest project');
	return file;
}

function entries(): string[] {
	return execFileSync('tar', ['-tzf', tarball()], { encoding: 'utf8' })
		.split('\n')
		.filter((line) => line && !line.endsWith('/'))
		.map((line) => line.replace(/^package\//, ''));
}

test('the tarball holds only what n8n loads, plus README and LICENSE', () => {
	const files = entries();
	const outside = files.filter((f) => !f.startsWith('dist/'));
	expect(outside.sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
	const allowed = /\.(js|d\.ts|svg|json)$/;
	expect(files.filter((f) => f.startsWith('dist/') && !allowed.test(f))).toEqual([]);
	expect(
		files.filter((f) => /tsbuildinfo|\.map$|^dist\/package\.json$|^dist\/(docs|test)\//.test(f)),
	).toEqual([]);
});

test('every node and credential package.json names is in the tarball, each node with its codex and both icons', async () => {
	const dir = await installedPackage(tarball());
	const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
	const files = new Set(entries());
	expect(manifest.license).toBe('MIT');
	expect(readFileSync(path.join(dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
	for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
		expect(files.has(file)).toBe(true);
	}
	expect(manifest.n8n.nodes.length).toBeGreaterThanOrEqual(4);
	for (const file of manifest.n8n.nodes) {
		const codexFile = file.replace(/\.js$/, '.json');
		expect(files.has(codexFile)).toBe(true);
		const codex = JSON.parse(readFileSync(path.join(dir, codexFile), 'utf8')) as {
			node: string;
			categories: string[];
			alias: string[];
			resources: { primaryDocumentation: Array<{ url: string }> };
		};
		// n8n pairs a codex with its node by `<package>.<node name>`. The class is loaded from the
		// build that was packed (the unpacked copy has no n8n-workflow beside it).
		const { nodeClass } = loadNode(path.join(repoRoot, file));
		expect(codex.node).toBe(`${manifest.name}.${nodeClass.description.name}`);
		expect(codex.categories.length).toBeGreaterThan(0);
		expect(codex.alias.length).toBeGreaterThan(0);
		expect(codex.resources.primaryDocumentation[0].url).toMatch(/^https:\/\//);
		const icon = nodeClass.description.icon as { light: string; dark: string };
		for (const variant of [icon.light, icon.dark]) {
			expect(variant).toMatch(/^file:/);
			const iconFile = path.join(path.dirname(file), variant.slice('file:'.length));
			expect(files.has(iconFile)).toBe(true);
		}
	}
});

function loadNode(file: string): { nodeClass: { description: { name: string; icon: unknown } } } {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(file) as Record<
		string,
		new () => { description: { name: string; icon: unknown } }
	>;
	const [NodeClass] = Object.values(exported);
	return { nodeClass: new NodeClass() };
}
