// `npm test` / `npm run dev` on a fresh clone: installs the dev dependencies first (from the committed
// lock, without install scripts: n8n-workflow's and @n8n/node-cli's need Node 24 / pnpm and nothing
// they do is needed here). A no-op once node_modules is in place.
const { existsSync } = require('node:fs');
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const needed = ['node_modules/.bin/jest', 'node_modules/.bin/ts-node', 'node_modules/telegram'];
if (needed.every((p) => existsSync(join(root, p)))) process.exit(0);

console.log('Installing the dev dependencies (first run, about 1-2 minutes)…');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = Date.now();
// npm prints nothing for a minute or more when not on a terminal: say every 20 s that it goes on.
const beat = setInterval(() => {
	console.log(
		`… still installing the dev dependencies: ${Math.round((Date.now() - started) / 1000)} s`,
	);
}, 20_000);
// `npm ci`: exactly the committed lock, which it never rewrites.
const child = spawn(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
	cwd: root,
	stdio: 'inherit',
});
child.on('exit', (code, signal) => {
	clearInterval(beat);
	if (code === 0)
		console.log(`Dev dependencies installed in ${Math.round((Date.now() - started) / 1000)} s.`);
	process.exit(code ?? (signal ? 1 : 0));
});
