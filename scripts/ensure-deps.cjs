// `npm test` / `npm run dev` on a fresh clone: installs the dev dependencies first (from the committed
// lock, without install scripts: n8n-workflow's and @n8n/node-cli's need Node 24 / pnpm and nothing
// they do is needed here). A no-op once node_modules is in place.
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const needed = ['node_modules/.bin/jest', 'node_modules/.bin/ts-node', 'node_modules/telegram'];
if (needed.every((p) => existsSync(join(root, p)))) process.exit(0);

console.log('Installing the dev dependencies (first run)…');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// `npm ci`: exactly the committed lock, which it never rewrites.
const result = spawnSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
	cwd: root,
	stdio: 'inherit',
});
process.exit(result.status ?? 1);
