// The node's parameters for one item, read once into a typed object.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { unixSeconds } from '../../../shared/params/time';
import { InputError } from '../../../shared/transport/errors';
import type { Order } from './pagination';
import type { MediaFilter } from './source';

export type FirstRun = 'all' | 'last' | 'since' | 'none';

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

const int = (value: unknown, fallback = 0): number => {
	const n = Number(value ?? fallback);
	return Number.isFinite(n) && n > 0 ? Math.floor(n) : fallback;
};

/** Chats separated by commas or new lines; an expression may also give an array. */
export function splitChats(value: unknown): string[] {
	const list = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\n,]/);
	const chats = list.map((c) => c.trim()).filter((c) => c !== '');
	if (!chats.length)
		throw new InputError('No chat was given', 'Enter a chat: @username, a t.me link or a chat ID.');
	return chats;
}

export function readSettings(fn: IExecuteFunctions, i: number): CollectSettings {
	const get = <T>(name: string, fallback: T): T => fn.getNodeParameter(name, i, fallback) as T;
	const filters = get<IDataObject>('filters', {});
	const options = get<IDataObject>('options', {});
	const incremental = get('incremental', false);
	const firstRun = get<FirstRun>('firstRun', 'all');
	const settings: CollectSettings = {
		chats: splitChats(get<unknown>('chats', '')),
		limit: get('returnAll', true) ? undefined : int(get('limit', 100), 100),
		order: get('order', 'newestFirst'),
		fromDate: unixSeconds(filters.fromDate, 'From Date'),
		toDate: unixSeconds(filters.toDate, 'To Date'),
		minId: int(filters.minId),
		maxId: int(filters.maxId),
		offsetId: int(filters.offsetId),
		search: String(filters.search ?? '').trim(),
		fromUser: String(filters.fromUser ?? '').trim(),
		mediaFilter: (filters.mediaFilter as MediaFilter | undefined) ?? 'any',
		includeService: Boolean(filters.includeService ?? false),
		threadOf: int(filters.threadOf) || undefined,
		concurrency: Math.min(8, int(options.concurrency, 4)),
		onFloodWait: (options.onFloodWait as 'fail' | 'partial' | undefined) ?? 'partial',
		summary: Boolean(options.summary ?? true),
	};
	if (incremental) {
		const since =
			firstRun === 'since' ? unixSeconds(get('firstRunSince', ''), 'First Run Since') : undefined;
		if (firstRun === 'since' && since === undefined) {
			throw new InputError(
				'First Run Since needs a date',
				'Pick the date the first run starts from.',
			);
		}
		settings.incremental = { firstRun, count: int(get('firstRunCount', 100), 100), since };
	}
	if (options.downloadMedia) {
		settings.media = {
			maxFileBytes: Number(options.maxFileSizeMb ?? 20) * MB,
			maxTotalBytes: Number(options.maxTotalSizeMb ?? 200) * MB,
			binaryProperty: String(options.binaryPropertyName ?? 'data'),
		};
	}
	return settings;
}
