// The packed package, installed the way n8n installs community packages, is loaded by a real n8n:
// its nodes and credential types are listed as the editor sees them, and n8n logged no load error.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { httpJson } from './http';
import { nodeTypeNames, startN8n, type N8nInstance } from './harness';
import { repoRoot } from './runtime';

const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};
const prefix = `${packageJson.name}.`;

let n8n: N8nInstance | undefined;

beforeAll(async () => {
	n8n = await startN8n();
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
}, 30_000);

function instance(): N8nInstance {
	if (!n8n) throw new Error('n8n did not start');
	return n8n;
}

test('n8n lists every node of the package under the package name', async () => {
	const ours = (await nodeTypeNames(instance())).filter((name) => name.startsWith(prefix));
	expect(ours).toContain(`${prefix}telegramAccount`);
	// usableAsTool nodes get an extra `<name>Tool` variant; the base types must all be there.
	const baseTypes = ours.filter((name) => !name.endsWith('Tool'));
	expect(baseTypes).toHaveLength(packageJson.n8n.nodes.length);
}, 30_000);

test('the action node is also offered to AI agents as a tool', async () => {
	const names = await nodeTypeNames(instance());
	expect(names).toContain(`${prefix}telegramAccountTool`);
}, 30_000);

test('n8n lists both credential types', async () => {
	const res = await httpJson({
		url: `${instance().baseUrl}/types/credentials.json`,
		headers: instance().authHeaders(),
	});
	expect(res.status).toBe(200);
	const names = (res.body as Array<{ name: string }>).map((type) => type.name);
	expect(names).toEqual(expect.arrayContaining(['telegramAccountApi', 'telegramAppApi']));
	expect(names).toHaveLength(new Set(names).size);
}, 30_000);

test('n8n logged no failure loading the package', () => {
	const log = readFileSync(instance().logFile, 'utf8');
	expect(log).not.toMatch(new RegExp(`Failed to load package "${packageJson.name}"`));
	expect(log).not.toMatch(/Skipping package/);
});

test('nothing in the n8n process dialled or looked up anything beyond 127.0.0.1', () => {
	expect(instance().outboundAttempts()).toEqual([]);
});
