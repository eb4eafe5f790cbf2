// Loads the example workflows into a dev n8n already wired to its credentials and demo chats, so
// each one runs as imported: credentials are matched by type, Set-node values by name, and
// placeholder chats (e.g. a work group in a trigger's filter, where no Set node can reach) by value.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

interface ExampleNode {
	name: string;
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

/** The placeholder work group of examples/support-inbox.json (Copy to Team, Team Replies). */
export const WORK_GROUP_PLACEHOLDER = '-1001234567890';

/** What the demo world of `npm run test-server` gives each example (see control/demo.ts). */
export interface DemoExampleInput {
	mediaMessage: { chat: string; messageId: number };
	collection: { channels: string[] };
	supportInbox: {
		workGroup: { channelId: number; chatId: string; title: string };
		teammate: { userId: number; username: string };
		customer: { userId: number; username: string };
		accountId: number;
	};
}

/** Lines `npm run dev` prints so a person can try the examples in the demo world. */
export function demoExampleLines(demo: DemoExampleInput, controlUrl: string): string[] {
	const { workGroup, teammate, customer, accountId } = demo.supportInbox;
	const push = (body: string) => `curl -s ${controlUrl}/pushMessage -d '${body}'`;
	const write = `{"fromId":${customer.userId},"toUserId":${accountId},"text":"Where is my order?"}`;
	const reply =
		`{"fromId":${teammate.userId},"channelId":${workGroup.channelId},` +
		`"replyToId":N,"text":"It ships today"}`;
	return [
		`Collection:    ${demo.collection.channels.join(', ')} → data table telegram_channel_posts`,
		`Support inbox: work group "${workGroup.title}" (${workGroup.chatId}) with @${teammate.username};`,
		`               publish the workflow, then @${customer.username} writes to you:`,
		`               ${push(write)}`,
		`               and @${teammate.username} replies to the copy (N: its message ID):`,
		`               ${push(reply)}`,
	];
}

/** Set-node values and placeholders that wire every example to the demo world. */
export function demoWiring(demo: DemoExampleInput): {
	values: Record<string, string | number>;
	placeholders: Record<string, string>;
} {
	return {
		values: {
			chatId: demo.mediaMessage.chat,
			mediaMessageId: demo.mediaMessage.messageId,
			channels: demo.collection.channels.join(', '),
		},
		placeholders: { [WORK_GROUP_PLACEHOLDER]: demo.supportInbox.workGroup.chatId },
	};
}

/** Replaces every string equal to a placeholder, anywhere in a node's parameters. */
function replacePlaceholders(value: unknown, placeholders: Record<string, string>): unknown {
	if (typeof value === 'string') return value in placeholders ? placeholders[value] : value;
	if (Array.isArray(value)) return value.map((v) => replacePlaceholders(v, placeholders));
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, replacePlaceholders(v, placeholders)]),
		);
	}
	return value;
}

/**
 * Points every credential slot at the credential of that type, fills literal Set-node
 * assignments whose name appears in `values` (the placeholders a user edits, e.g. chatId
 * "@your_chat"), and replaces parameter strings equal to a key of `placeholders`.
 */
export function wireExample(
	example: Example,
	credentials: Record<string, { id: string; name: string }>,
	values: Record<string, string | number>,
	placeholders: Record<string, string> = {},
): Example['workflow'] {
	const workflow = structuredClone(example.workflow);
	for (const node of workflow.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			if (credentials[type] && node.credentials) node.credentials[type] = credentials[type];
		}
		node.parameters = replacePlaceholders(
			node.parameters,
			placeholders,
		) as ExampleNode['parameters'];
		if (node.type !== 'n8n-nodes-base.set') continue;
		const assignments = (node.parameters.assignments as { assignments?: unknown[] } | undefined)
			?.assignments as Array<{ name: string; value: unknown }> | undefined;
		// Only literal values are a user's placeholders: an expression (e.g. To Row's chatId) is not.
		for (const a of assignments ?? []) {
			const literal = !(typeof a.value === 'string' && a.value.startsWith('='));
			if (literal && a.name in values) a.value = values[a.name];
		}
	}
	return workflow;
}
