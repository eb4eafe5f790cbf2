// Reader/writer maps that make mtcute speak GramJS's API layer (198) instead of its own (227).
// @mtcute/tl-utils (mtcute's code generator) is not on npm, so the maps are built as closures
// straight from the parsed schema; the MTProto part (mt_*) is layer-free and kept from mtcute.
import './mtcute-quiet';
import {
	__tlReaderMap,
	__tlWriterMap,
	TlBinaryReader,
	type TlReaderMap,
	type TlWriterMap,
} from '@mtcute/core/utils.js';
import { loadLayer198, type TlArg, type TlEntry } from './tl-schema';

type Obj = Record<string, unknown> & { _: string };
type Read = (this: TlBinaryReader) => unknown;
/** What TlBinaryWriter and TlSerializationCounter (mtcute's size pass) both offer. */
type Sink = Record<string, (...args: unknown[]) => void> & {
	vector(fn: (...args: unknown[]) => void, items: unknown[]): void;
};
type WriterFn = (w: Sink, v: Obj) => void;

const P = TlBinaryReader.prototype;
const READ: Record<Exclude<TlArg['type'], '#' | 'true'>, Read> = {
	int: P.int,
	long: P.long as Read,
	int53: P.int53,
	double: P.double,
	string: P.string,
	bytes: P.bytes,
	Bool: P.boolean,
	int128: P.int128,
	int256: P.int256,
	object: P.object as Read,
};
const WRITE: Record<Exclude<TlArg['type'], '#' | 'true'>, string> = {
	int: 'int',
	long: 'long',
	int53: 'int53',
	double: 'double',
	string: 'string',
	bytes: 'bytes',
	Bool: 'boolean',
	int128: 'int128',
	int256: 'int256',
	object: 'object',
};

function readArg(r: TlBinaryReader, arg: TlArg): unknown {
	const one = READ[arg.type as keyof typeof READ];
	return arg.vector ? r.vector(one) : one.call(r);
}

function writeArg(w: Sink, arg: TlArg, value: unknown): void {
	const method = WRITE[arg.type as keyof typeof WRITE];
	if (arg.vector) w.vector(w[method], value as unknown[]);
	else w[method](value);
}

const isSet = (arg: TlArg, v: Obj): boolean =>
	arg.type === 'true' ? v[arg.key] === true : v[arg.key] !== undefined;

export function entryReader(entry: TlEntry): (r: TlBinaryReader) => Obj {
	return (r) => {
		const obj: Obj = { _: entry.name };
		const flags: Record<string, number> = {};
		for (const arg of entry.args) {
			if (arg.type === '#') flags[arg.name] = r.uint();
			else if (!arg.flag) obj[arg.key] = readArg(r, arg);
			else {
				const on = ((flags[arg.flag.field] >>> arg.flag.bit) & 1) === 1;
				obj[arg.key] = arg.type === 'true' ? on : on ? readArg(r, arg) : undefined;
			}
		}
		return obj;
	};
}

export function entryWriter(entry: TlEntry): WriterFn {
	return (w, v) => {
		w.uint(entry.id);
		for (const arg of entry.args) {
			if (arg.type === '#') {
				let flags = 0;
				for (const a of entry.args) {
					if (a.flag?.field === arg.name && isSet(a, v)) flags |= 1 << a.flag.bit;
				}
				w.uint(flags >>> 0);
			} else if (arg.flag) {
				if (arg.type !== 'true' && isSet(arg, v)) writeArg(w, arg, v[arg.key]);
			} else {
				if (v[arg.key] === undefined) {
					throw new Error(`Object ${v._} is missing required property ${arg.key}`);
				}
				writeArg(w, arg, v[arg.key]);
			}
		}
	};
}

export interface Layer198Maps {
	layer: number;
	readerMap: TlReaderMap;
	writerMap: TlWriterMap;
	entries: TlEntry[];
}

let cached: Layer198Maps | undefined;

/** Builds (once per process) the maps for GramJS's layer plus mtcute's own MTProto entries. */
export function layer198Maps(): Layer198Maps {
	if (cached) return cached;
	const { layer, entries } = loadLayer198();
	const mtp = require('@mtcute/core/tl/mtp-schema.json') as Array<{ id: number; name: string }>;
	const mtIds = new Set(mtp.map((e) => e.id));
	const mtcuteReaders = __tlReaderMap as unknown as Record<string, unknown>;
	const mtcuteWriters = __tlWriterMap as unknown as Record<string, unknown>;
	const mtcuteResults = __tlReaderMap._results ?? {};

	const readers: Record<string, unknown> = {};
	for (const id of mtIds) if (mtcuteReaders[id]) readers[id] = mtcuteReaders[id];
	const results: Record<string, unknown> = {};
	for (const name of Object.keys(mtcuteResults)) {
		if (name.startsWith('mt_')) results[name] = mtcuteResults[name];
	}
	const writers: Record<string, unknown> = {
		_bare: mtcuteWriters._bare,
		_staticSize: {},
	};
	for (const name of Object.keys(mtcuteWriters)) {
		if (name.startsWith('mt_')) writers[name] = mtcuteWriters[name];
	}

	for (const entry of entries) {
		writers[entry.name] = entryWriter(entry);
		if (entry.kind === 'class') readers[entry.id] = entryReader(entry);
		const vec = /^Vector<(int|long|string|bytes)>$/.exec(entry.type);
		if (entry.kind === 'method' && vec) {
			const one = READ[vec[1] as keyof typeof READ];
			results[entry.name] = (r: TlBinaryReader) => r.vector(one);
		}
	}
	readers._results = results;
	cached = {
		layer,
		entries,
		readerMap: readers as unknown as TlReaderMap,
		writerMap: writers as unknown as TlWriterMap,
	};
	return cached;
}
