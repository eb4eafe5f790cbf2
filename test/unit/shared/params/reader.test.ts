import type { ITriggerFunctions } from 'n8n-workflow';

import {
	ParameterReader,
	triggerParameters,
	type Lookup,
} from '../../../../nodes/shared/params/reader';
import { InputError } from '../../../../nodes/shared/transport/errors';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../../../helpers/leaks';

let handles: HandleCounts;
beforeAll(() => {
	handles = handleSnapshot();
});
afterAll(async () => {
	await expectNoLeakedHandles(handles);
});

/** A reader over fixed values, as n8n would hand them for item 2. */
function reader(values: Record<string, unknown>): ParameterReader {
	const lookup: Lookup = (name, fallback) => (name in values ? values[name] : fallback);
	return new ParameterReader(lookup, 'of item 2');
}

function failure(read: () => unknown): InputError {
	try {
		read();
	} catch (error) {
		if (error instanceof InputError) return error;
		throw error;
	}
	throw new Error('the read was expected to fail');
}

describe('ParameterReader', () => {
	it('reads text, and turns a number into its text', () => {
		const p = reader({ text: 'hi', count: 42, big: BigInt('9007199254740993') });
		expect(p.text('text')).toBe('hi');
		expect(p.text('count')).toBe('42');
		expect(p.text('big')).toBe('9007199254740993');
	});

	it('names the field and the item when a text is something else', () => {
		const p = reader({ text: ['a'], other: { a: 1 }, flag: true });
		expect(failure(() => p.text('text')).message).toBe("'text' of item 2 must be text; got a list");
		expect(failure(() => p.text('other')).message).toMatch(/'other' of item 2 .* got an object/);
		expect(failure(() => p.text('flag')).message).toMatch(/got true \(a boolean\)/);
	});

	it('gives the fallback for a missing text, and refuses a blank required one', () => {
		const p = reader({ empty: '  ', nothing: null });
		expect(p.text('absent', 'data')).toBe('data');
		expect(p.text('nothing')).toBe('');
		expect(failure(() => p.requiredText('nothing')).message).toBe("'nothing' of item 2 is empty");
		expect(failure(() => p.requiredText('empty', 'Give the text.')).description).toBe(
			'Give the text.',
		);
	});

	it('reads numbers, numeric text included, and refuses anything else', () => {
		const p = reader({ a: 5, b: ' 7 ', c: '', d: 'seven', e: Number.NaN });
		expect(p.number('a', 0)).toBe(5);
		expect(p.number('b', 0)).toBe(7);
		expect(p.number('c', 3)).toBe(3);
		expect(p.number('absent', 9)).toBe(9);
		expect(failure(() => p.number('d', 0)).message).toBe(
			'\'d\' of item 2 must be a number; got the text "seven"',
		);
		expect(failure(() => p.number('e', 0)).message).toMatch(/must be a number/);
	});

	it('reads true / false, as booleans or as their text', () => {
		const p = reader({ a: true, b: 'false', c: 'maybe' });
		expect(p.boolean('a', false)).toBe(true);
		expect(p.boolean('b', true)).toBe(false);
		expect(p.boolean('absent', true)).toBe(true);
		expect(failure(() => p.boolean('c', false)).message).toMatch(/must be true or false/);
	});

	it('accepts only the options a field has', () => {
		const p = reader({ mode: 'html', bad: 'rtf', types: ['private', 'channel'], oneBad: ['bots'] });
		const modes = ['none', 'markdown', 'html'] as const;
		expect(p.option('mode', modes, 'none')).toBe('html');
		expect(p.option('absent', modes, 'none')).toBe('none');
		expect(failure(() => p.option('bad', modes, 'none')).message).toBe(
			'\'bad\' of item 2 must be one of none, markdown, html; got the text "rtf"',
		);
		const kinds = ['private', 'group', 'channel'] as const;
		expect(p.options('types', kinds)).toEqual(['private', 'channel']);
		expect(p.options('absent', kinds)).toEqual([]);
		expect(failure(() => p.options('oneBad', kinds)).message).toMatch(/got the text "bots"/);
	});

	it('reads a collection with the same checks, naming the field by its path', () => {
		const p = reader({ options: { replyTo: 'twelve', silent: true }, broken: 'x' });
		const options = p.collection('options');
		expect(options.boolean('silent', false)).toBe(true);
		expect(options.number('absent', 1)).toBe(1);
		expect(failure(() => options.number('replyTo', 0)).message).toMatch(
			/^'options\.replyTo' of item 2 must be a number/,
		);
		expect(p.collection('absent').text('x', 'y')).toBe('y');
		expect(failure(() => p.collection('broken')).message).toMatch(/must be a set of fields/);
	});

	it("reads a resource locator's value, or a plain value given instead", () => {
		const lookup: Lookup = (name) =>
			name === 'chat' ? { __rl: true, mode: 'id', value: -100123 } : 777;
		const p = new ParameterReader(lookup, 'of item 0');
		expect(p.locator('chat')).toBe('-100123');
		expect(p.locator('plain')).toBe('777');
	});

	it('turns a date field into unix seconds, and names a date it cannot read', () => {
		const p = reader({ at: '2030-01-31T09:00:00Z', ms: 1_000_000, bad: 'next tuesday-ish' });
		expect(p.date('at')).toBe(Date.UTC(2030, 0, 31, 9) / 1000);
		expect(p.date('ms')).toBe(1000);
		expect(p.date('absent')).toBeUndefined();
		expect(failure(() => p.date('bad')).message).toBe(
			'\'bad\' of item 2 "next tuesday-ish" is not a date',
		);
	});
});

describe('triggerParameters', () => {
	it("names a trigger's field without an item", () => {
		const fn = {
			getNodeParameter: (name: string, fallback: unknown) => (name === 'chats' ? 5 : fallback),
		} as unknown as ITriggerFunctions;
		const p = triggerParameters(fn);
		expect(p.text('chats')).toBe('5');
		expect(p.label('chats')).toBe("'chats' of the trigger");
		expect(p.boolean('absent', true)).toBe(true);
	});
});
