// The trigger in queue mode: its workflow as a user builds it, and what its executions received.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import type { N8nClient } from '../n8n/harness';

/** Whether the package ships the trigger (it lands on main separately from these tests). */
export function packageHasTrigger(): boolean {
	const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
		n8n: { nodes: string[] };
	};
	return manifest.n8n.nodes.some((node) => node.includes('TelegramAccountTrigger'));
}

export function triggerWorkflow(credential: { id: string; name: string }) {
	return {
		name: 'Telegram messages in queue mode',
		nodes: [
			{
				id: randomUUID(),
				name: 'Telegram Account Trigger',
				type: 'n8n-nodes-telegram-account.telegramAccountTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { events: ['new'], options: { catchUp: 'minutes', catchUpMinutes: 60 } },
				credentials: { telegramAccountApi: credential },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

interface PagedExecution {
	id: string;
	status: string;
	data?: {
		resultData?: {
			runData?: Record<
				string,
				Array<{ data?: { main: Array<Array<{ json: { text?: string } }>> } }>
			>;
		};
	};
}

/** Every execution of the workflow (all pages), with the text its trigger item carried. */
export async function triggeredTexts(
	n8n: N8nClient,
	workflowId: string,
): Promise<Array<{ id: string; status: string; text?: string }>> {
	const all: Array<{ id: string; status: string; text?: string }> = [];
	let cursor: string | undefined;
	do {
		const page = await n8n.api<{ data: PagedExecution[]; nextCursor?: string | null }>(
			'GET',
			`/executions?workflowId=${workflowId}&includeData=true&limit=250${cursor ? `&cursor=${cursor}` : ''}`,
		);
		for (const e of page.data) {
			const item =
				e.data?.resultData?.runData?.['Telegram Account Trigger']?.[0]?.data?.main[0]?.[0];
			all.push({ id: String(e.id), status: e.status, text: item?.json.text });
		}
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return all;
}
