// The folder where test runs pack and install this package (in the system temp folder, shared by
// every clone) stays small: old tarballs go, and only the last few installed builds are kept.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { pruneStage } from '../n8n/package';

let root: string;

beforeEach(() => {
	root = mkdtempSync(path.join(os.tmpdir(), 'stage-test-'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function entry(name: string, ageMinutes: number): void {
	const full = path.join(root, name);
	mkdirSync(full);
	const at = new Date(Date.now() - ageMinutes * 60_000);
	utimesSync(full, at, at);
}

test('keeps the six newest installed builds and every fresh tarball; drops what is older', async () => {
	for (let i = 1; i <= 9; i++) entry(`installed-build${i}`, i * 10);
	entry('pack-fresh', 5);
	entry('pack-old', 2 * 24 * 60);
	await pruneStage(24 * 3600_000, root);
	expect(readdirSync(root).sort()).toEqual([
		'installed-build1',
		'installed-build2',
		'installed-build3',
		'installed-build4',
		'installed-build5',
		'installed-build6',
		'pack-fresh',
	]);
});
