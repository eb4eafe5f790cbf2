// Options several message operations share, read per item into one typed object.
import { randomBytes } from 'node:crypto';

import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Api, toLong } from '../../../shared/transport/client';
import { itemParameters } from '../../../shared/params/reader';
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
