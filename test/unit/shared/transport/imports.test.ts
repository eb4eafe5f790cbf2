import { readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';

const root = join(__dirname, '../../../..');

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

describe('package boundaries', () => {
	it('loads `telegram` at run time only in nodes/shared/transport/client.ts', () => {
		const offenders = [...sources(join(root, 'nodes')), ...sources(join(root, 'credentials'))]
			.filter((file) => !file.endsWith(join('transport', 'client.ts')))
			.filter((file) =>
				/^\s*import\s+(?!type\b)[^;]*from\s+'telegram(\/[^']*)?';/m.test(
					readFileSync(file, 'utf8').replace(/import\s+type[^;]*;/g, ''),
				),
			)
			.map((file) => relative(root, file));
		expect(offenders).toEqual([]);
	});
});
