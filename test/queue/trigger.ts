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

export const TRIGGER_NODE = 'Telegram Account Trigger';

/**
 * The trigger alone, or (with `echoTo`) trigger → Send Text "echo: <text>" to that username →
 * Wait `holdSeconds`: each execution sends once and then stays running a moment, so a worker
 * killed mid-run holds executions whose send has happened.
 */
export function triggerWorkflow(
	credential: { id: string; name: string },
	echo?: { echoTo: string; holdSeconds: number },
) {
	const trigger = {
		id: randomUUID(),
		name: TRIGGER_NODE,
		type: 'n8n-nodes-telegram-account.telegramAccountTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: { events: ['new'], options: { catchUp: 'minutes', catchUpMinutes: 60 } },
		credentials: { telegramAccountApi: credential },
	};
	if (!echo) {
		return {
			name: 'Telegram messages in queue mode',
			nodes: [trigger],
			connections: {},
			settings: { executionOrder: 'v1' },
		};
	}
	return {
		name: 'Telegram messages echoed in queue mode',
		nodes: [
			trigger,
			{
				id: randomUUID(),
				name: 'Echo',
				type: 'n8n-nodes-telegram-account.telegramAccount',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'message',
					operation: 'sendText',
					chatId: { __rl: true, mode: 'username', value: `@${echo.echoTo}` },
					text: '=echo: {{ $json.text }}',
					options: {},
				},
				credentials: { telegramAccountApi: credential },
			},
			{
				id: randomUUID(),
				name: 'Hold',
				type: 'n8n-nodes-base.wait',
				typeVersion: 1.1,
				position: [440, 0],
				webhookId: randomUUID(),
				parameters: { resume: 'timeInterval', amount: echo.holdSeconds, unit: 'seconds' },
			},
		],
		connections: {
			[TRIGGER_NODE]: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] },
			Echo: { main: [[{ node: 'Hold', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

type Items = { main: Array<Array<{ json: { text?: string } }>> };

export interface PagedExecution {
	id: string;
	status: string;
	data?: {
		/** Set when n8n hid the items from the API reader (see readStoredData). */
		redactionInfo?: { isRedacted?: boolean; reason?: string };
		resultData?: {
			runData?: Record<string, Array<{ data?: Items }>>;
			error?: { message?: string; description?: string };
			lastNodeExecuted?: string;
		};
		// An execution that never ran (its worker died first) still holds the trigger's item here.
		executionData?: { nodeExecutionStack?: Array<{ node: { name: string }; data?: Items }> };
	};
}

/**
 * A busy main answers 503 "Database is not ready", a 500, or nothing for a while (its health check
 * times out while hundreds of executions are written): try again, a few times.
 */
async function transient<T>(call: () => Promise<T>): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await call();
		} catch (error) {
			const busy = /HTTP 50[03]|no answer in/.test((error as Error).message);
			if (!busy || attempt >= 10) throw error;
			await new Promise((resolve) => setTimeout(resolve, 3000));
		}
	}
}

/** The workflow's executions, page by page (`withData`: with run data, in smaller pages). */
async function pages(
	n8n: N8nClient,
	workflowId: string,
	withData: boolean,
): Promise<PagedExecution[]> {
	const all: PagedExecution[] = [];
	const limit = withData ? 100 : 250;
	let cursor: string | undefined;
	do {
		const url = `/executions?workflowId=${workflowId}&includeData=${withData}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
		const page = await transient(
			async () => await n8n.api<{ data: PagedExecution[]; nextCursor?: string | null }>('GET', url),
		);
		all.push(...page.data);
		cursor = page.nextCursor ?? undefined;
	} while (cursor);
	return all;
}

export interface TriggeredExecution {
	id: string;
	status: string;
	text?: string;
	error?: string;
	/** n8n's API hid its items; the text (if any) was read from the database. */
	redacted?: string;
}

/** The text of the trigger's item and the run's error, from an execution's data. */
export function readExecution(e: PagedExecution): TriggeredExecution {
	const ran = e.data?.resultData?.runData?.[TRIGGER_NODE]?.[0]?.data;
	const queued = e.data?.executionData?.nodeExecutionStack?.find(
		(s) => s.node.name === TRIGGER_NODE,
	)?.data;
	const item = (ran ?? queued)?.main[0]?.[0];
	const failed = e.data?.resultData?.error;
	const error = failed
		? `${e.data?.resultData?.lastNodeExecuted ?? '?'}: ${failed.message ?? ''} ${failed.description ?? ''}`
		: undefined;
	return { id: String(e.id), status: e.status, text: item?.json.text, ...(error && { error }) };
}

/** Why n8n hid the trigger's item from the API, as the item itself says. */
function redactionOf(e: PagedExecution | undefined): string | undefined {
	const item = e?.data?.resultData?.runData?.[TRIGGER_NODE]?.[0]?.data?.main[0]?.[0] as
		| { redaction?: { reason?: string } }
		| undefined;
	return item?.redaction?.reason;
}

/**
 * n8n's stored execution data (`execution_data.data`) is "flatted" JSON: one array whose first
 * entry is the root, every string and nested object stored once and referred to by its index.
 */
export function unflatten(stored: string): unknown {
	const list = JSON.parse(stored) as unknown[];
	const done = new Set<unknown>();
	const revive = (value: unknown): unknown => {
		if (typeof value !== 'object' || value === null || done.has(value)) return value;
		done.add(value);
		const record = value as Record<string, unknown>;
		for (const key of Object.keys(record)) {
			const v = record[key];
			record[key] = typeof v === 'string' ? revive(list[Number(v)]) : v;
		}
		return value;
	};
	return revive(list[0]);
}

/**
 * Every execution of the workflow, with the text its trigger item carried. n8n 2.41 hides the
 * items of a run from every API reader when it could not check the workflow's credentials for
 * "dynamic credentials" (a database timeout: "redacting run for everyone"); with `sql` those are
 * read from the database, as n8n stored them.
 */
export async function triggeredTexts(
	n8n: N8nClient,
	workflowId: string,
	sql?: (query: string) => Promise<string>,
): Promise<TriggeredExecution[]> {
	const all = await pages(n8n, workflowId, true);
	const read = all.map(readExecution);
	// Redacted items read `{ json: {}, redaction: … }`: every execution without a text is looked up.
	const hidden = all.filter((_, i) => !read[i].text);
	if (!sql || !hidden.length) return read;
	const byId = new Map(read.map((e) => [e.id, e]));
	for (let i = 0; i < hidden.length; i += 100) {
		const ids = hidden.slice(i, i + 100).map((e) => Number(e.id));
		const rows = await sql(
			`select "executionId" || '|' || data from execution_data where "executionId" in (${ids.join(',')})`,
		);
		for (const row of rows.split('\n').filter(Boolean)) {
			const cut = row.indexOf('|');
			const id = row.slice(0, cut);
			const data = unflatten(row.slice(cut + 1)) as PagedExecution['data'];
			const stored = readExecution({ id, status: byId.get(id)?.status ?? '?', data });
			const paged = hidden.find((e) => String(e.id) === id);
			const reason = paged?.data?.redactionInfo?.reason ?? redactionOf(paged) ?? 'none';
			byId.set(id, { ...stored, redacted: reason });
		}
	}
	return read.map((e) => byId.get(e.id) ?? e);
}

/**
 * Waits until the workflow has `count` ended executions, or their number stopped growing for
 * `stallMs`, or `deadline` passed (a busy main creates hundreds of executions slowly on 2 cores);
 * returns how many ended.
 */
export async function waitForExecutionCount(
	n8n: N8nClient,
	workflowId: string,
	count: number,
	stallMs: number,
	deadline: number,
): Promise<number> {
	let last = -1;
	let lastChange = Date.now();
	for (;;) {
		const ended = (await pages(n8n, workflowId, false)).filter(
			(e) => !['new', 'running', 'waiting'].includes(e.status),
		).length;
		if (ended >= count || Date.now() > deadline) return ended;
		if (ended !== last) {
			last = ended;
			lastChange = Date.now();
		} else if (Date.now() - lastChange > stallMs) {
			return ended;
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}
