// The trigger's parameters, read once at activation into a typed object through checked readers:
// a wrong value fails activation and names the field, instead of failing on the first message.
import type { IDataObject, ITriggerFunctions } from 'n8n-workflow';

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

function fieldError(field: string, problem: string, fix: string): InputError {
	return new InputError(`${field}: ${problem}`, fix);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
	if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
		return value as T;
	throw fieldError(
		field,
		`"${String(value)}" is not one of ${allowed.join(', ')}`,
		'Pick a value.',
	);
}

function someOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T[] {
	const list = Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value];
	return list.map((v) => oneOf(v, allowed, field));
}

function bool(value: unknown, field: string): boolean {
	if (typeof value === 'boolean') return value;
	throw fieldError(field, `"${String(value)}" is not true or false`, 'Switch it on or off.');
}

function integer(value: unknown, field: string, min: number, max: number): number {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max) return n;
	throw fieldError(
		field,
		`"${String(value)}" is not a whole number from ${min} to ${max}`,
		`Enter a number from ${min} to ${max}.`,
	);
}

function text(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string' || typeof value === 'number') return String(value).trim();
	throw fieldError(field, 'is not text', 'Enter text, or an expression that gives text.');
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
export function peerList(value: unknown, field: string): string[] {
	const rows = (value as { values?: unknown } | undefined)?.values;
	if (rows === undefined) return [];
	if (!Array.isArray(rows))
		throw fieldError(field, 'is not a list', 'Add entries with the button.');
	const out: string[] = [];
	for (const row of rows as IDataObject[]) {
		const raw = row?.chat;
		const v = raw && typeof raw === 'object' ? (raw as { value?: unknown }).value : raw;
		const peer = text(v, field);
		if (peer) out.push(peer);
	}
	return out;
}

export function readSettings(fn: ITriggerFunctions): TriggerSettings {
	const get = (name: string, fallback: unknown): unknown => fn.getNodeParameter(name, fallback);
	const filters = (get('filters', {}) ?? {}) as IDataObject;
	const options = (get('options', {}) ?? {}) as IDataObject;
	const or = (v: unknown, d: unknown) => (v === undefined ? d : v);
	const events = someOf(get('events', ['new']), EVENT_KINDS, 'Trigger On');
	if (!events.length)
		throw fieldError('Trigger On', 'nothing is chosen', 'Pick at least one event.');
	const chatTypes = someOf(get('chatTypes', CHAT_KINDS), CHAT_KINDS, 'Chat Types');
	if (!chatTypes.length)
		throw fieldError('Chat Types', 'nothing is chosen', 'Pick at least one kind of chat.');
	const download = bool(or(options.downloadMedia, false), 'Download Media');
	const mode = oneOf(or(options.catchUp, 'minutes'), ['off', 'minutes', 'messages'], 'Catch Up');
	return {
		events,
		chatTypes,
		direction: oneOf(get('direction', 'incoming'), ['incoming', 'outgoing', 'both'], 'Direction'),
		onlyChats: peerList(filters.onlyChats, 'Only Chats'),
		excludeChats: peerList(filters.excludeChats, 'Exclude Chats'),
		fromUsers: peerList(filters.fromUsers, 'From Users'),
		textContains: text(filters.textContains, 'Text Contains').toLowerCase(),
		textPattern: compilePattern(text(filters.textPattern, 'Text Matches Regex')),
		media: oneOf(or(filters.media, 'any'), ['any', 'with', 'without'], 'Media'),
		mediaKinds: someOf(or(filters.mediaKinds, []), MEDIA_KINDS, 'Media Kinds'),
		skipBots: bool(or(filters.skipBots, false), 'Skip Bots'),
		skipForwarded: bool(or(filters.skipForwarded, false), 'Skip Forwarded'),
		skipService: bool(or(filters.skipService, true), 'Skip Service Messages'),
		albumAsOne: bool(or(options.albumAsOne, false), 'Album as One Item'),
		download: download
			? {
					maxBytes: integer(or(options.maxMediaSize, 20), 'Max Media Size (MB)', 1, 2000) * MB,
					binaryProperty: text(or(options.binaryProperty, 'data'), 'Binary Property') || 'data',
				}
			: undefined,
		catchUp: {
			mode,
			minutes: integer(or(options.catchUpMinutes, 60), 'Catch Up Minutes', 1, 7 * 24 * 60),
			messages: integer(or(options.catchUpMessages, 100), 'Catch Up Messages per Chat', 1, 10_000),
		},
		manualTimeoutSec: integer(or(options.manualTimeout, 120), 'Test Step Timeout (s)', 1, 3600),
	};
}
