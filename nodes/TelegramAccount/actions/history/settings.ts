// The node's parameters for one item, read once into a typed object.
import type { IExecuteFunctions } from 'n8n-workflow';

import { itemParameters } from '../../../shared/params/reader';
import { InputError } from '../../../shared/transport/errors';
import { toolBoundedLimit } from '../../helpers/toolBounds';
import { ORDERS, type Order } from './pagination';
import { MEDIA_FILTERS, type MediaFilter } from './source';

export const FIRST_RUNS = ['all', 'last', 'since', 'none'] as const;
export type FirstRun = (typeof FIRST_RUNS)[number];

export interface MediaDownload {
	maxFileBytes: number;
	maxTotalBytes: number;
	binaryProperty: string;
}

export interface CollectSettings {
	chats: string[];
	/** undefined: every message. */
	limit?: number;
	order: Order;
	incremental?: { firstRun: FirstRun; count: number; since?: number };
	/** Unix seconds, inclusive. */
	fromDate?: number;
	toDate?: number;
	/** Inclusive id bounds; 0 = none. */
	minId: number;
	maxId: number;
	/** Only messages older than this id; 0 = none. */
	offsetId: number;
	search: string;
	fromUser: string;
	mediaFilter: MediaFilter;
	includeService: boolean;
	threadOf?: number;
	concurrency: number;
	onFloodWait: 'fail' | 'partial';
	summary: boolean;
	media?: MediaDownload;
}

const MB = 1024 * 1024;
export { TOOL_LIMIT } from '../../helpers/toolBounds';

/** A positive whole number, or the fallback for 0, a negative number or an empty field. */
const int = (value: number, fallback = 0): number =>
	Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;

/** Chats separated by commas or new lines; an expression may also give a list. */
export function splitChats(value: unknown, field = "'chats'"): string[] {
	const list = Array.isArray(value) ? value : String(value ?? '').split(/[\n,]/);
	const chats = list.map((c) => (typeof c === 'number' ? String(c) : c));
	if (chats.some((c) => typeof c !== 'string')) {
		throw new InputError(
			`${field} must hold chats as text; got a list with something else in it`,
			'Give @usernames, t.me links or chat IDs.',
		);
	}
	const named = (chats as string[]).map((c) => c.trim()).filter((c) => c !== '');
	if (!named.length)
		throw new InputError(
			`No chat was given in ${field}`,
			'Enter a chat: @username, a t.me link or a chat ID.',
		);
	return named;
}

export function readSettings(fn: IExecuteFunctions, i: number): CollectSettings {
	const params = itemParameters(fn, i);
	const filters = params.collection('filters');
	const options = params.collection('options');
	const firstRun = params.option('firstRun', FIRST_RUNS, 'all');
	const settings: CollectSettings = {
		chats: splitChats(params.raw('chats', ''), params.label('chats')),
		// An AI agent never gets Return All, nor a limit of its own choosing above the bound.
		limit: toolBoundedLimit(
			fn,
			params.boolean('returnAll', true) ? undefined : int(params.number('limit', 100), 100),
		),
		order: params.option('order', ORDERS, 'newestFirst'),
		fromDate: filters.date('fromDate'),
		toDate: filters.date('toDate'),
		minId: int(filters.number('minId', 0)),
		maxId: int(filters.number('maxId', 0)),
		offsetId: int(filters.number('offsetId', 0)),
		search: filters.text('search').trim(),
		fromUser: filters.text('fromUser').trim(),
		mediaFilter: filters.option('mediaFilter', MEDIA_FILTERS, 'any'),
		includeService: filters.boolean('includeService', false),
		threadOf: int(filters.number('threadOf', 0)) || undefined,
		concurrency: Math.min(8, int(options.number('concurrency', 4), 4)),
		onFloodWait: options.option('onFloodWait', ['fail', 'partial'] as const, 'partial'),
		summary: options.boolean('summary', true),
	};
	if (params.boolean('incremental', false)) {
		const since = firstRun === 'since' ? params.date('firstRunSince') : undefined;
		if (firstRun === 'since' && since === undefined) {
			throw params.error(
				'firstRunSince',
				'needs a date',
				'Pick the date the first run starts from.',
			);
		}
		const count = int(params.number('firstRunCount', 100), 100);
		settings.incremental = { firstRun, count, since };
	}
	if (options.boolean('downloadMedia', false)) {
		settings.media = {
			maxFileBytes: options.number('maxFileSizeMb', 20) * MB,
			maxTotalBytes: options.number('maxTotalSizeMb', 200) * MB,
			binaryProperty: options.text('binaryPropertyName', 'data'),
		};
	}
	return settings;
}
