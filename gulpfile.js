// One job: copy the icons (and any other static file next to a node or credential) into dist/.
// `n8n-node build` already does this; the file stays so a plain `tsc` build, or a user's own
// gulp setup, gets the same result. No dependency: `node gulpfile.js` or `npx gulp build:icons`.
const fs = require('fs');
const path = require('path');

const STATIC = /\.(svg|png)$/;

function copyStatic(dir) {
	if (!fs.existsSync(dir)) return;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const from = path.join(dir, entry.name);
		if (entry.isDirectory()) copyStatic(from);
		else if (STATIC.test(entry.name)) {
			const to = path.join('dist', from);
			fs.mkdirSync(path.dirname(to), { recursive: true });
			fs.copyFileSync(from, to);
		}
	}
}

async function buildIcons() {
	copyStatic('nodes');
	copyStatic('credentials');
}

exports['build:icons'] = buildIcons;

if (require.main === module) buildIcons();
