// Options several message operations share, read per item into one typed object.
import { randomBytes } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Api, toLong, type TelegramAccountClient } from '../../../shared/transport/client';
import { type SendOutcome } from '../../../shared/transport/inDoubt';
import type { ResolvedPeer } from '../../../shared/transport/peers';
import { itemParameters } from '../../../shared/params/reader';
import { isToolUse } from '../../helpers/toolUse';
import { messagesOutput, sentOutput } from './output';
import { LONG_TEXT_MODES, PARSE_MODES, type LongTextMode, type ParseMode } from './text';

export const parseModeOption: INodeProperties = {
	displayName: 'Parse Mode',
	name: 'parseMode',
	type: 'options',
	options: [
		{ name: 'None (Plain Text)', value: 'none' },
		{
			name: 'Markdown',
			value: 'markdown',
			description: '**bold**, __italic__, `code`, [link](https://…)',
		},
		{ name: 'HTML', value: 'html', description: '<b>, <i>, <u>, <s>, <code>, <pre>, <a href>' },
	],
	default: 'none',
	description: 'How to read formatting in the text',
};

/** Telegram shows a preview of the first link of a text unless told not to. */
export const linkPreviewOption: INodeProperties = {
	displayName: 'Disable Link Preview',
	name: 'disableLinkPreview',
	type: 'boolean',
	default: false,
	description: 'Whether to show links without a preview',
};

export const sendOptionFields: INodeProperties[] = [
	{
		displayName: 'Max Sends per Second',
		name: 'sendsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description:
			"Pace sends of this account (shared by every execution of this n8n process) to stay under Telegram's flood limits. 0 = no pace.",
	},
	{
		displayName: 'Reply To Message ID',
		name: 'replyTo',
		type: 'number',
		default: 0,
		description: 'ID of a message in the same chat to reply to (0 = none)',
	},
	{
		displayName: 'Schedule For',
		name: 'scheduleDate',
		type: 'dateTime',
		default: '',
		description:
			'Send at this date and time instead of now (Telegram keeps it as a scheduled message)',
	},
	{
		displayName: 'Silent',
		name: 'silent',
		type: 'boolean',
		default: false,
		description: 'Whether to send without a notification sound',
	},
];

export interface SendOptions {
	sendsPerSecond: number;
	replyTo?: number;
	scheduleDate?: number;
	silent: boolean;
	parseMode: ParseMode;
	disableLinkPreview: boolean;
	longText: LongTextMode;
}

export function readSendOptions(fn: IExecuteFunctions, itemIndex: number): SendOptions {
	const o = itemParameters(fn, itemIndex).collection('options');
	const replyTo = o.number('replyTo', 0);
	return {
		sendsPerSecond: o.number('sendsPerSecond', 0),
		replyTo: Number.isInteger(replyTo) && replyTo > 0 ? replyTo : undefined,
		scheduleDate: o.date('scheduleDate'),
		silent: o.boolean('silent', false),
		parseMode: o.option('parseMode', PARSE_MODES, 'none'),
		disableLinkPreview: o.boolean('disableLinkPreview', false),
		longText: o.option('longText', LONG_TEXT_MODES, 'split'),
	};
}

export function replyHeader(replyTo: number | undefined): Api.InputReplyToMessage | undefined {
	return replyTo ? new Api.InputReplyToMessage({ replyToMsgId: replyTo }) : undefined;
}

/** The random_id Telegram de-duplicates sends by. */
export function randomId(): ReturnType<typeof toLong> {
	return toLong(randomBytes(8).readBigInt64LE(0).toString());
}

/** Who sends: what makes a send's random_id stable, and whether this run retries a failed one. */
export interface SendIdentity {
	/** Workflow, execution, node, run and item; undefined when n8n names no execution. */
	seed?: string;
	executionId?: string;
	retry: boolean;
}

const TRIGGER_TYPE = /(^|\.)telegramAccountTrigger$/;
type DataProxy = ReturnType<IExecuteFunctions['getWorkflowDataProxy']>;

/**
 * The incoming message an item of a trigger-started run answers (event, chat, message, edit). In
 * queue mode n8n 2.41 can run one trigger message as two executions after a main restart (it
 * re-creates a still-queued execution that a worker already took): keyed by the message, both send
 * under one random_id and Telegram keeps one copy.
 */
function triggerMessageKey(
	fn: IExecuteFunctions,
	proxy: DataProxy | undefined,
): string | undefined {
	if (!proxy || fn.getMode?.() !== 'trigger' || typeof fn.getParentNodes !== 'function') {
		return undefined;
	}
	const triggers = fn.getParentNodes(fn.getNode().name).filter((p) => TRIGGER_TYPE.test(p.type));
	if (triggers.length !== 1) return undefined;
	try {
		const json = proxy.$(triggers[0].name).item?.json;
		const ids = json?.id ?? (Array.isArray(json?.messageIds) ? json.messageIds.join(',') : null);
		if (!json || json.chatId === undefined || ids === null || ids === undefined) return undefined;
		return [triggers[0].name, json.event, json.chatId, ids, json.editDate ?? ''].join(':');
	} catch {
		// The item does not lead back to one trigger item (n8n cannot pair it): by execution.
		return undefined;
	}
}

export function sendIdentity(fn: IExecuteFunctions, itemIndex: number): SendIdentity {
	const executionId = fn.getExecutionId?.();
	const retry = fn.getMode?.() === 'retry';
	if (typeof executionId !== 'string' || !executionId) return { retry };
	// An agent may call the tool twice with the same text in one run: each call is its own send.
	if (isToolUse(fn)) return { executionId, retry };
	let runIndex = 0;
	let workflowId = '';
	let proxy: DataProxy | undefined;
	try {
		proxy = fn.getWorkflowDataProxy(itemIndex);
		runIndex = Number(proxy.$runIndex ?? 0);
		workflowId = String(fn.getWorkflow().id ?? '');
	} catch {
		// A context without them: the execution, node and item still tell sends apart.
	}
	const run = triggerMessageKey(fn, proxy) ?? executionId;
	const seed = [workflowId, run, fn.getNode().name, runIndex, itemIndex].join('|');
	return { seed, executionId, retry };
}

/** Items for a send's outcome; `recovered` says it was settled after a send in doubt. */
export async function outcomeOutput(
	client: TelegramAccountClient,
	target: ResolvedPeer,
	outcome: SendOutcome,
	sent: { text: string; silent?: boolean },
): Promise<IDataObject[]> {
	if (outcome.kind === 'found') {
		const items = await messagesOutput(client, outcome.result, target);
		return items.map((item) => ({ ...item, recovered: 'foundInChat' }));
	}
	const items = await sentOutput(client, target, outcome.result, sent);
	return outcome.recovered
		? items.map((item) => ({ ...item, recovered: outcome.recovered }))
		: items;
}
