// Every parameter is read here, checked for its type, and a wrong one is named with its field and
// its item ("'text' of item 2 must be text; got a list") instead of failing later as "Cannot read
// properties of undefined". Numbers become text where a user would expect it (a chat id, a text).
import type {
	IDataObject,
	IExecuteFunctions,
	ITriggerFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { InputError } from '../transport/errors';
import { unixSeconds } from './time';

/** Reads one raw parameter; `fallback` is what n8n returns when the field is not set at all. */
export type Lookup = (name: string, fallback: unknown, extractValue: boolean) => unknown;

const ADVICE = 'Check the field, or the expression that fills it.';

/** What a value is, in a user's words. */
function kindOf(value: unknown): string {
	if (value === undefined || value === null) return 'nothing';
	if (typeof value === 'string') {
		const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
		return value.trim() ? `the text "${shown}"` : 'an empty text';
	}
	if (typeof value === 'number' || typeof value === 'bigint') return 'a number';
	if (typeof value === 'boolean') return `${String(value)} (a boolean)`;
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const missing = (value: unknown) => value === undefined || value === null;

export class ParameterReader {
	constructor(
		private readonly lookup: Lookup,
		/** Where the parameters come from, for messages: "of item 2". */
		readonly where: string,
		private readonly path = '',
	) {}

	/** The field as messages name it: 'options.replyTo' of item 0. */
	label(name: string): string {
		return `'${this.path}${name}' ${this.where}`;
	}

	/** An input error about this field (for checks only the operation knows). */
	error(name: string, problem: string, advice = ADVICE): InputError {
		return new InputError(`${this.label(name)} ${problem}`, advice);
	}

	private wrongType(name: string, expected: string, value: unknown): InputError {
		return this.error(name, `must be ${expected}; got ${kindOf(value)}`);
	}

	/** The value as n8n gives it, unchecked: for fields with their own parser (message ids). */
	raw(name: string, fallback: unknown = undefined): unknown {
		return this.lookup(name, fallback, false);
	}

	/** Text; a number becomes its decimal text. Missing gives the fallback. */
	text(name: string, fallback = ''): string {
		return this.asText(name, this.lookup(name, fallback, false), fallback);
	}

	/** Text that must not be blank. */
	requiredText(name: string, advice = ADVICE): string {
		const text = this.text(name);
		if (!text.trim()) throw this.error(name, 'is empty', advice);
		return text;
	}

	/** A resource locator's value (or a plain text given instead), as trimmed text. */
	locator(name: string): string {
		const value = this.lookup(name, '', true);
		const inner =
			typeof value === 'object' && value !== null && !Array.isArray(value)
				? (value as { value?: unknown }).value
				: value;
		return this.asText(name, inner, '').trim();
	}

	/** A number; a numeric text is read as one. Missing or empty gives the fallback. */
	number(name: string, fallback: number): number {
		const value = this.lookup(name, fallback, false);
		if (missing(value) || value === '') return fallback;
		const n = typeof value === 'string' ? Number(value.trim()) : value;
		if (typeof n !== 'number' || !Number.isFinite(n)) throw this.wrongType(name, 'a number', value);
		return n;
	}

	/** true / false; the texts "true" and "false" are read as such. */
	boolean(name: string, fallback: boolean): boolean {
		const value = this.lookup(name, fallback, false);
		if (missing(value) || value === '') return fallback;
		if (typeof value === 'boolean') return value;
		if (value === 'true' || value === 'false') return value === 'true';
		throw this.wrongType(name, 'true or false', value);
	}

	/** One of the field's options. */
	option<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
		const value = this.lookup(name, fallback, false);
		if (missing(value) || value === '') return fallback;
		if (allowed.includes(value as T)) return value as T;
		throw this.wrongType(name, `one of ${allowed.join(', ')}`, value);
	}

	/** Several of the field's options (a multi-options field). */
	options<T extends string>(name: string, allowed: readonly T[]): T[] {
		const value = this.lookup(name, [], false);
		if (missing(value) || value === '') return [];
		const list = Array.isArray(value) ? (value as unknown[]) : [value];
		const wrong = list.find((v) => !allowed.includes(v as T));
		if (wrong !== undefined) throw this.wrongType(name, `among ${allowed.join(', ')}`, wrong);
		return list as T[];
	}

	/** Unix seconds of a date field; undefined when it is empty. */
	date(name: string): number | undefined {
		return unixSeconds(this.lookup(name, '', false), this.label(name));
	}

	/** The fields of a collection (Options, Filters), read with the same checks. */
	collection(name: string): ParameterReader {
		const value = this.lookup(name, {}, false);
		if (missing(value)) return this.nested(name, {});
		if (typeof value !== 'object' || Array.isArray(value)) {
			throw this.wrongType(name, 'a set of fields', value);
		}
		return this.nested(name, value as IDataObject);
	}

	private nested(name: string, values: IDataObject): ParameterReader {
		const lookup: Lookup = (field, fallback) => values[field] ?? fallback;
		return new ParameterReader(lookup, this.where, `${this.path}${name}.`);
	}

	private asText(name: string, value: unknown, fallback: string): string {
		if (missing(value)) return fallback;
		if (typeof value === 'string') return value;
		if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') {
			return String(value);
		}
		throw this.wrongType(name, 'text', value);
	}
}

/** The parameters of one item of an action node. */
export function itemParameters(fn: IExecuteFunctions, itemIndex: number): ParameterReader {
	const lookup: Lookup = (name, fallback, extractValue) =>
		fn.getNodeParameter(name, itemIndex, fallback, { extractValue });
	return new ParameterReader(lookup, `of item ${itemIndex}`);
}

/** The parameters of a trigger node (read once, at activation). */
export function triggerParameters(fn: ITriggerFunctions): ParameterReader {
	const lookup: Lookup = (name, fallback, extractValue) =>
		fn.getNodeParameter(name, fallback, { extractValue });
	return new ParameterReader(lookup, 'of the trigger');
}

/** The parameters of a webhook node (read on each request). */
export function webhookParameters(fn: IWebhookFunctions): ParameterReader {
	const lookup: Lookup = (name, fallback, extractValue) =>
		fn.getNodeParameter(name, fallback, { extractValue });
	return new ParameterReader(lookup, 'of the page');
}
