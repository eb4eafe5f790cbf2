// Parses GramJS's own TL text (the layer the loopback server speaks) into entries mtcute's runtime
// can use. mtcute reads some `long` fields (peer ids, file sizes) as JS numbers (`int53`); the
// overrides are taken from mtcute's bundled schema so a layer-198 object has the shapes it expects.
import apiTl from 'telegram/tl/apiTl';
import { LAYER } from 'telegram/tl/AllTLObjects';

export type TlPrimitive =
	| 'int'
	| 'long'
	| 'int53'
	| 'double'
	| 'string'
	| 'bytes'
	| 'Bool'
	| 'true'
	| 'int128'
	| 'int256';

export interface TlArg {
	/** As in the schema (snake_case). */
	name: string;
	/** As mtcute's objects carry it (camelCase). */
	key: string;
	/** A primitive, `#` for a flags field, or an object type (boxed, read by constructor id). */
	type: TlPrimitive | '#' | 'object';
	vector: boolean;
	/** The type as the schema writes it, without flag and vector: `InputPeer`, `long`, `!X`. */
	tlType: string;
	/** `flags.3?type`: the flags field's name and the bit. */
	flag?: { field: string; bit: number };
}

export interface TlEntry {
	kind: 'class' | 'method';
	name: string;
	id: number;
	args: TlArg[];
	/** The result type of a method, or the type a constructor belongs to. */
	type: string;
}

interface MtcuteSchemaArg {
	name: string;
	type: string;
}
interface MtcuteSchema {
	l: number;
	e: Array<{ kind: string; name: string; arguments: MtcuteSchemaArg[] }>;
}

const PRIMITIVES = new Set<string>([
	'int',
	'long',
	'double',
	'string',
	'bytes',
	'Bool',
	'true',
	'int128',
	'int256',
]);
// Handled by the reader/writer runtime itself, never through the maps.
const BUILT_IN = new Set(['boolFalse', 'boolTrue', 'true', 'vector', 'null']);

export const camelCase = (name: string): string =>
	name.replace(/_([a-z0-9])/gi, (_m, c: string) => c.toUpperCase());

function parseArg(raw: string): TlArg {
	const colon = raw.indexOf(':');
	const name = raw.slice(0, colon);
	let type = raw.slice(colon + 1);
	let flag: TlArg['flag'];
	const cond = /^(\w+)\.(\d+)\?(.+)$/.exec(type);
	if (cond) {
		flag = { field: cond[1], bit: Number(cond[2]) };
		type = cond[3];
	}
	let vector = false;
	const vec = /^Vector<(.+)>$/.exec(type);
	if (vec) {
		vector = true;
		type = vec[1];
	}
	const kind: TlArg['type'] =
		type === '#' ? '#' : PRIMITIVES.has(type) ? (type as TlPrimitive) : 'object';
	return { name, key: camelCase(name), type: kind, vector, tlType: type, flag };
}

/** Parses TL text (`name#id args = Type;` lines, `---functions---` switches to methods). */
export function parseTl(text: string): TlEntry[] {
	const entries: TlEntry[] = [];
	let kind: TlEntry['kind'] = 'class';
	for (const rawLine of text.split('\n')) {
		const line = rawLine.trim();
		if (line === '---functions---') kind = 'method';
		if (line === '---types---') kind = 'class';
		const m = /^([\w.]+)#([0-9a-f]+)\s+(.*?)\s*=\s*([^;]+);$/.exec(line);
		if (!m || BUILT_IN.has(m[1])) continue;
		const args = m[3]
			.split(/\s+/)
			.filter((a) => a && !a.startsWith('{'))
			.map(parseArg);
		entries.push({ kind, name: m[1], id: parseInt(m[2], 16), args, type: m[4].trim() });
	}
	return entries;
}

/**
 * Marks `long` fields as `int53` where mtcute does: by the same entry's same field in mtcute's
 * schema, or (for entries mtcute's layer no longer has) by how mtcute types that field name.
 */
export function applyInt53(entries: TlEntry[], schema: MtcuteSchema): void {
	const byEntry = new Map<string, Map<string, string>>();
	const votes = new Map<string, number>();
	for (const e of schema.e) {
		byEntry.set(e.name, new Map(e.arguments.map((a) => [a.name, a.type])));
		for (const a of e.arguments) {
			if (a.type === 'int53') votes.set(a.name, (votes.get(a.name) ?? 0) + 1);
			if (a.type === 'long') votes.set(a.name, (votes.get(a.name) ?? 0) - 1);
		}
	}
	for (const entry of entries) {
		const known = byEntry.get(entry.name);
		for (const arg of entry.args) {
			if (arg.type !== 'long') continue;
			const int53 = known?.has(arg.name)
				? known.get(arg.name) === 'int53'
				: (votes.get(arg.name) ?? 0) > 0;
			if (int53) arg.type = 'int53';
		}
	}
}

/** GramJS's layer (the one the loopback server answers in) with mtcute's int53 overrides. */
export function loadLayer198(): { layer: number; entries: TlEntry[] } {
	// Required, not imported: typing this 2 MB JSON would slow every typecheck.
	const mtcuteSchema = require('@mtcute/core/tl/api-schema.json') as MtcuteSchema;
	const entries = parseTl(apiTl);
	applyInt53(entries, mtcuteSchema);
	return { layer: LAYER, entries };
}
