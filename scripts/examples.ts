// Loads the example workflows into a dev n8n already wired to its credentials and demo chats, so
// each one runs as imported: credentials are matched by type, Set-node values by name.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

interface ExampleNode {
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface Example {
	file: string;
	workflow: { name: string; nodes: ExampleNode[] } & Record<string, unknown>;
}

export function readExamples(dir: string): Example[] {
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({
			file,
			workflow: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Example['workflow'],
		}));
}

/**
 * Points every credential slot at the credential of that type, and fills Set-node assignments
 * whose name appears in `values` (the placeholders a user edits, e.g. chatId "@your_chat").
 */
export function wireExample(
	example: Example,
	credentials: Record<string, { id: string; name: string }>,
	values: Record<string, string | number>,
): Example['workflow'] {
	const workflow = structuredClone(example.workflow);
	for (const node of workflow.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			if (credentials[type] && node.credentials) node.credentials[type] = credentials[type];
		}
		if (node.type !== 'n8n-nodes-base.set') continue;
		const assignments = (node.parameters.assignments as { assignments?: unknown[] } | undefined)
			?.assignments as Array<{ name: string; value: unknown }> | undefined;
		for (const a of assignments ?? []) if (a.name in values) a.value = values[a.name];
	}
	return workflow;
}
