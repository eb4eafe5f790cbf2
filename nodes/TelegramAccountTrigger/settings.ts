// The trigger's parameters, read once at activation into a typed object through the shared checked
// reader:
// a wrong value fails activation and names the field, instead of failing on the first message.
import type { IDataObject, ITriggerFunctions } from 'n8n-workflow';

import { triggerParameters, type ParameterReader } from '../shared/params/reader';
import { InputError } from '../shared/transport/errors';

export type EventKind = 'new' | 'edited' | 'deleted';
export type ChatKind = 'private' | 'group' | 'channel';
export type Direction = 'incoming' | 'outgoing' | 'both';
export type CatchUpMode = 'off' | 'minutes' | 'messages';

export interface TriggerSettings {
	events: EventKind[];
	chatTypes: ChatKind[];
	direction: Direction;
	/** Raw peer references as typed (resolved to chat ids at activation). */
	onlyChats: string[];
	excludeChats: string[];
	fromUsers: string[];
	/** Lower-cased; '' = no text filter. */
	textContains: string;
	textPattern?: RegExp;
	media: 'any' | 'with' | 'without';
	/** summarizeMedia types; empty = any kind. */
	mediaKinds: string[];
	skipBots: boolean;
	skipForwarded: boolean;
	skipService: boolean;
	albumAsOne: boolean;
	download?: { maxBytes: number; binaryProperty: string };
	catchUp: { mode: CatchUpMode; minutes: number; messages: number };
	manualTimeoutSec: number;
}

export const EVENT_KINDS: EventKind[] = ['new', 'edited', 'deleted'];
export const CHAT_KINDS: ChatKind[] = ['private', 'group', 'channel'];
export const MEDIA_KINDS = [
	'photo',
	'video',
	'animation',
	'roundVideo',
	'voice',
	'audio',
	'document',
	'sticker',
	'webpage',
	'location',
	'liveLocation',
	'venue',
	'contact',
	'poll',
	'dice',
	'game',
	'invoice',
	'story',
	'other',
];

const MB = 1024 * 1024;

/** An error that names the field as the trigger's form shows it. */
function fieldError(field: string, problem: string, fix: string): InputError {
	return new InputError(`${field}: ${problem}`, fix);
}

/** A whole number within bounds, read through the shared checked reader. */
function whole(
	r: ParameterReader,
	name: string,
	field: string,
	fallback: number,
	[min, max]: [number, number],
): number {
	const n = r.number(name, fallback);
	if (Number.isInteger(n) && n >= min && n <= max) return n;
	throw fieldError(
		field,
		`"${String(n)}" is not a whole number from ${min} to ${max}`,
		`Enter a number from ${min} to ${max}.`,
	);
}

/** Several options, at least one. */
function someOf<T extends string>(
	r: ParameterReader,
	name: string,
	field: string,
	allowed: readonly T[],
	fallback: T[],
): T[] {
	const chosen = r.raw(name) === undefined ? fallback : r.options(name, allowed);
	if (!chosen.length) throw fieldError(field, 'nothing is chosen', 'Pick at least one.');
	return chosen;
}

/** A regular expression as typed: /body/flags or a bare body (then case-insensitive). */
export function compilePattern(source: string, field = 'Text Matches Regex'): RegExp | undefined {
	if (!source) return undefined;
	const slashed = /^\/(.*)\/([a-z]*)$/s.exec(source);
	try {
		return slashed ? new RegExp(slashed[1], slashed[2]) : new RegExp(source, 'i');
	} catch (error) {
		throw fieldError(
			field,
			`not a valid regular expression (${(error as Error).message})`,
			'Fix the pattern, e.g. ^order #\\d+ or /invoice/i.',
		);
	}
}

/** Peers of a list of chat / user locators (fixedCollection of resource locators). */
export function peerList(r: ParameterReader, name: string, field: string): string[] {
	const rows = (r.raw(name) as { values?: unknown } | undefined)?.values;
	if (rows === undefined) return [];
	if (!Array.isArray(rows))
		throw fieldError(field, 'is not a list', 'Add entries with the button.');
	const out: string[] = [];
	for (const row of rows as IDataObject[]) {
		const raw = row?.chat;
		const v = raw && typeof raw === 'object' ? (raw as { value?: unknown }).value : raw;
		if (v === undefined || v === null || v === '') continue;
		if (typeof v !== 'string' && typeof v !== 'number') {
			throw fieldError(
				field,
				'holds an entry that is not text',
				'Enter @username, an ID or a t.me link.',
			);
		}
		if (String(v).trim()) out.push(String(v).trim());
	}
	return out;
}

export function readSettings(fn: ITriggerFunctions): TriggerSettings {
	const r = triggerParameters(fn);
	const filters = r.collection('filters');
	const options = r.collection('options');
	const download = options.boolean('downloadMedia', false);
	return {
		events: someOf(r, 'events', 'Trigger On', EVENT_KINDS, ['new']),
		chatTypes: someOf(r, 'chatTypes', 'Chat Types', CHAT_KINDS, CHAT_KINDS),
		direction: r.option('direction', ['incoming', 'outgoing', 'both'], 'incoming'),
		onlyChats: peerList(filters, 'onlyChats', 'Only Chats'),
		excludeChats: peerList(filters, 'excludeChats', 'Exclude Chats'),
		fromUsers: peerList(filters, 'fromUsers', 'From Users'),
		textContains: filters.text('textContains').trim().toLowerCase(),
		textPattern: compilePattern(filters.text('textPattern').trim()),
		media: filters.option('media', ['any', 'with', 'without'], 'any'),
		mediaKinds: filters.options('mediaKinds', MEDIA_KINDS),
		skipBots: filters.boolean('skipBots', false),
		skipForwarded: filters.boolean('skipForwarded', false),
		skipService: filters.boolean('skipService', true),
		albumAsOne: options.boolean('albumAsOne', false),
		download: download
			? {
					maxBytes: whole(options, 'maxMediaSize', 'Max Media Size (MB)', 20, [1, 2000]) * MB,
					binaryProperty: options.text('binaryProperty', 'data').trim() || 'data',
				}
			: undefined,
		catchUp: {
			mode: options.option('catchUp', ['off', 'minutes', 'messages'], 'minutes'),
			minutes: whole(options, 'catchUpMinutes', 'Catch Up Minutes', 60, [1, 7 * 24 * 60]),
			messages: whole(options, 'catchUpMessages', 'Catch Up Messages per Chat', 100, [1, 10_000]),
		},
		manualTimeoutSec: whole(options, 'manualTimeout', 'Test Step Timeout (s)', 120, [1, 3600]),
	};
}
