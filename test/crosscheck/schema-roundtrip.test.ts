// Every layer-198 constructor and method, filled with seeded random values through GramJS's own
// classes: mtcute's maps must read GramJS's bytes to the end and write exactly the same bytes.
import './mtcute-quiet';
import { TlBinaryReader, TlBinaryWriter } from '@mtcute/core/utils.js';
import bigInt from 'big-integer';
import { tlobjects } from 'telegram/tl/AllTLObjects';
import { entryReader, layer198Maps } from './tl-maps';
import type { TlArg, TlEntry } from './tl-schema';

type GramClass = new (args: Record<string, unknown>) => { getBytes(): Buffer };

const { readerMap, writerMap, entries } = layer198Maps();
const classes = entries.filter((e) => e.kind === 'class');
const byType = new Map<string, TlEntry[]>();
for (const e of classes) byType.set(e.type, [...(byType.get(e.type) ?? []), e]);
// Constructors with the fewest object fields first: what deep nesting falls back to.
for (const list of byType.values()) {
	list.sort((a, b) => objectArgs(a) - objectArgs(b));
}
function objectArgs(e: TlEntry): number {
	return e.args.filter((a) => a.type === 'object' && !a.flag).length;
}

let seed = 198;
const rand = (n: number): number => {
	seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
	return seed % n;
};
const ALPHABET = 'abcdef ✓日本';
const int53 = (): bigInt.BigInteger =>
	bigInt(rand(2 ** 30))
		.multiply(rand(2 ** 22))
		.minus(2 ** 40);

function randomValue(arg: TlArg, depth: number): unknown {
	switch (arg.type) {
		case 'int':
			return rand(2 ** 32) - 2 ** 31;
		case 'long':
			return bigInt(rand(2 ** 32))
				.shiftLeft(32)
				.add(rand(2 ** 32))
				.minus(bigInt(2).pow(63));
		case 'int53':
			return int53();
		case 'double':
			return rand(1e6) / 7;
		case 'string':
			return Array.from({ length: rand(12) }, () => ALPHABET[rand(ALPHABET.length)]).join('');
		case 'bytes':
			return Buffer.alloc([0, 3, 253, 254, 300][rand(5)], rand(256));
		case 'Bool':
		case 'true':
			return rand(2) === 1;
		default:
			return randomObject(arg.tlType, depth + 1);
	}
}

function randomObject(type: string, depth: number): unknown {
	const options = byType.get(type) ?? byType.get('Update')!;
	const entry = depth > 3 ? options[0] : options[rand(options.length)];
	return gramInstance(entry, depth);
}

function gramInstance(entry: TlEntry, depth: number) {
	const args: Record<string, unknown> = {};
	// Fields that share a flag bit (e.g. codeSettings token + app_sandbox) come and go together.
	const present = new Map<string, boolean>();
	for (const arg of entry.args) {
		if (arg.type === '#') continue;
		const bit = arg.flag ? `${arg.flag.field}.${arg.flag.bit}` : '';
		if (arg.flag && !present.has(bit)) present.set(bit, rand(3) !== 0);
		if (arg.flag && !present.get(bit)) continue;
		args[gramKey(arg.name)] = arg.vector
			? Array.from({ length: depth > 3 ? 0 : rand(3) }, () => randomValue(arg, depth))
			: randomValue(arg, depth);
	}
	const Cls = (tlobjects as Record<number, GramClass>)[entry.id];
	return new Cls(args);
}

/** GramJS camel-cases only lower-case letters after `_` (`srp_B` stays; mtcute says `srpB`). */
const gramKey = (name: string): string =>
	name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

function roundTrip(entry: TlEntry, rounds: number): string[] {
	const failures: string[] = [];
	for (let i = 0; i < rounds; i++) {
		const bytes = gramInstance(entry, 0).getBytes();
		try {
			const r = new TlBinaryReader(readerMap, bytes, 4);
			const obj = entryReader(entry)(r);
			if (r.pos !== bytes.length) throw new Error(`read ${r.pos} of ${bytes.length} bytes`);
			const again = Buffer.from(TlBinaryWriter.serializeObject(writerMap, obj));
			if (!again.equals(bytes)) throw new Error('bytes differ');
		} catch (e) {
			failures.push(`${entry.name}: ${(e as Error).message}`);
			break;
		}
	}
	return failures;
}

describe('layer-198 maps against GramJS, whole schema', () => {
	it('round-trips every constructor byte-identically', () => {
		// GramJS has no class for `error` (it never reads it from the API layer).
		const gramless = classes.filter((e) => !(tlobjects as Record<number, unknown>)[e.id]);
		expect(gramless.map((e) => e.name)).toEqual(['error']);
		const failures = classes.filter((e) => e.name !== 'error').flatMap((e) => roundTrip(e, 4));
		expect(failures).toEqual([]);
	});

	it('writes every method byte-identically', () => {
		const methods = entries.filter((e) => e.kind === 'method' && !e.args.some(isQuery));
		expect(methods.length).toBeGreaterThan(600);
		expect(methods.flatMap((e) => roundTrip(e, 2))).toEqual([]);
	});
});

function isQuery(a: TlArg): boolean {
	return a.name === 'query' && a.type === 'object';
}
