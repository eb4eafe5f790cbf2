// Figure 3n's reference: the very items Collect History output for a chat, returned by n8n's own
// Code node in a second n8n with the same settings, so what n8n costs to hold and save those items
// shows apart from what the node costs to fetch them. n8n 2.41 runs JavaScript Code only in a
// task runner (a child process; no in-process mode is left), so that process is measured apart.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { N8nInstance } from '../../test/n8n/harness';
import { profileEnv } from './n8n';
import { measuredWebhook, newestNodeRun, type MeasuredRun } from './n8n-runs';
import { codeItemsNode, webhookWorkflow, type SaveSuccess } from './n8n-workflows';

export interface Reference {
	size: number;
	workflowId: string;
	path: string;
}

export interface ReferenceRun extends MeasuredRun {
	/** The Code node's executionTime from the saved run data. */
	nodeMs: number;
}

/** The environment of every n8n process of figure 3n (the same for all): the Code node may read a file. */
export const figureEnv = (): Record<string, string> => ({
	...profileEnv(),
	NODE_FUNCTION_ALLOW_BUILTIN: 'fs',
});

async function activeWorkflow(
	n8n: N8nInstance,
	workflow: Record<string, unknown>,
): Promise<string> {
	const { id } = await n8n.importWorkflow(workflow);
	await n8n.activate(id);
	return id;
}

/** Starts the task runner and loads the Code node before any measured run. */
export async function warmReference(n8n: N8nInstance): Promise<void> {
	const file = join(n8n.userFolder, 'items-warm.json');
	writeFileSync(file, JSON.stringify([{ warm: true }]));
	await activeWorkflow(
		n8n,
		webhookWorkflow('reference warm', 'bench-ref-warm', codeItemsNode(file)),
	);
	const answer = await n8n.runWebhook('bench-ref-warm', {}, 120_000);
	if (answer.status !== 200) throw new Error(`reference warm run: HTTP ${answer.status}`);
}

/** Writes the items (a JSON array) where the Code node reads them; a workflow returns them. */
export async function prepareReference(
	n8n: N8nInstance,
	size: number,
	itemsJson: string,
	save: SaveSuccess,
): Promise<Reference> {
	const file = join(n8n.userFolder, `items-${size}.json`);
	writeFileSync(file, itemsJson);
	const path = `bench-ref-${size}`;
	const workflow = webhookWorkflow(`reference ${size} (${save})`, path, codeItemsNode(file), save);
	return { size, workflowId: await activeWorkflow(n8n, workflow), path };
}

/** One saved run of the reference, checked to have output `count` items. */
export async function referenceRun(
	n8n: N8nInstance,
	ref: Reference,
	count: number,
): Promise<ReferenceRun> {
	const run = await measuredWebhook(n8n, ref.path, true);
	const { items, executionTime } = await newestNodeRun(n8n, ref.workflowId, 'Code');
	if (items.length !== count) {
		throw new Error(`reference ${ref.size}: ${items.length} of ${count} items in the run data`);
	}
	return { ...run, nodeMs: executionTime };
}
