// Options several message operations share, read per item into one typed object.
import { randomBytes } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Api, toLong } from '../../../shared/transport/client';
import { InputError } from '../../../shared/transport/errors';
import type { LongTextMode, ParseMode } from './text';

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

function unixTime(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const ms = typeof value === 'number' ? value : Date.parse(String(value));
	if (!Number.isFinite(ms)) {
		throw new InputError(
			`"${String(value)}" is not a date`,
			'Give Schedule For as an ISO date, e.g. 2030-01-31T09:00:00Z.',
		);
	}
	return Math.floor(ms / 1000);
}

export function readSendOptions(fn: IExecuteFunctions, itemIndex: number): SendOptions {
	const o = fn.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const replyTo = Number(o.replyTo ?? 0);
	return {
		sendsPerSecond: Number(o.sendsPerSecond ?? 0),
		replyTo: Number.isInteger(replyTo) && replyTo > 0 ? replyTo : undefined,
		scheduleDate: unixTime(o.scheduleDate),
		silent: Boolean(o.silent),
		parseMode: (o.parseMode as ParseMode | undefined) ?? 'none',
		disableLinkPreview: Boolean(o.disableLinkPreview),
		longText: (o.longText as LongTextMode | undefined) ?? 'split',
	};
}

export function replyHeader(replyTo: number | undefined): Api.InputReplyToMessage | undefined {
	return replyTo ? new Api.InputReplyToMessage({ replyToMsgId: replyTo }) : undefined;
}

/** The random_id Telegram de-duplicates sends by. */
export function randomId(): ReturnType<typeof toLong> {
	return toLong(randomBytes(8).readBigInt64LE(0).toString());
}

/** Message ids from a field: "12", "12, 13", 12, or an array of them. */
export function readMessageIds(
	fn: IExecuteFunctions,
	itemIndex: number,
	name = 'messageIds',
): number[] {
	const raw = fn.getNodeParameter(name, itemIndex, '') as unknown;
	const list = Array.isArray(raw) ? raw : String(raw ?? '').split(/[\s,]+/);
	const ids = list.map((v) => String(v).trim()).filter((v) => v !== '');
	const numbers = ids.map(Number);
	if (!numbers.length || numbers.some((n) => !Number.isInteger(n) || n <= 0)) {
		throw new InputError(
			`"${ids.join(', ') || String(raw ?? '')}" is not a list of message IDs`,
			'Give one or more positive message IDs separated by commas, e.g. 12, 13.',
		);
	}
	return numbers;
}
