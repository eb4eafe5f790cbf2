// Exact paging of an id range (lower, upper]: one page from the top fixes the snapshot (messages
// arriving later have higher ids and stay out), then the rest is cut into disjoint id windows
// fetched a few at a time and emitted strictly in order. Each window pages by offset_id within
// its own min_id bound, so no message is skipped or repeated, across retries and flood waits too.
import { PAGE_SIZE, type PageSource, type RawPage } from './source';

export const ORDERS = ['newestFirst', 'oldestFirst'] as const;
export type Order = (typeof ORDERS)[number];

export interface RangeQuery {
	/** Exclusive lower bound (0: from the first message). */
	lower: number;
	/** Inclusive upper bound (Infinity: up to the newest message at the start). */
	upper: number;
	order: Order;
	/** Windows fetched at once; 1 = sequential. */
	concurrency: number;
	/**
	 * The source can return the chat's oldest page (plain history): with no lower bound, it marks
	 * where the chat starts, so no window is spent on ids below it (account-wide ids of private
	 * chats and basic groups start far above 1).
	 */
	oldestPage?: boolean;
}

/** Turns a page into output values (dropping some is fine); the raw page is not kept. */
export type Convert<T> = (page: RawPage) => T[];

export interface RangeStats {
	/** Highest id in the range when the run started (0: empty range). */
	top: number;
	requests: number;
}

interface Window {
	lo: number;
	hi: number;
}

interface Fetched<T> {
	/** Newest first. */
	items: T[];
	raw: number;
	/** Lowest raw id seen (0: none). */
	min: number;
}

/** Ids per window so that one page (about PAGE_SIZE messages) usually covers it. */
function windowSize(messages: number, ids: number): number {
	const density = Math.min(1, Math.max(messages, 1) / Math.max(ids, 1));
	return density >= 0.999
		? PAGE_SIZE
		: Math.max(PAGE_SIZE, Math.floor((PAGE_SIZE * 0.9) / density));
}

/**
 * Yields batches of converted messages in the requested order. `stats.top` is set after the
 * first page. Stopping early (break) stops further requests.
 */
export async function* collectRange<T extends { id: number }>(
	source: PageSource,
	range: RangeQuery,
	convert: Convert<T>,
	stats: RangeStats,
): AsyncGenerator<T[]> {
	let stopped = false;
	const density = { messages: 0, ids: 0, emptyInARow: 0 };

	const fetchWindow = async (w: Window, first = false): Promise<Fetched<T>> => {
		const items: T[] = [];
		let raw = 0;
		let lowest = 0;
		let offsetId = Number.isFinite(w.hi) ? w.hi + 1 : 0;
		while (!stopped) {
			stats.requests++;
			const page = await source({ offsetId, minId: w.lo, limit: PAGE_SIZE });
			const ids = page.messages
				.map((m) => Number(m.id))
				.filter((id) => id > w.lo && (offsetId === 0 || id < offsetId));
			raw += ids.length;
			const inWindow = new Set(ids);
			if (ids.length) items.push(...convert(page).filter((item) => inWindow.has(item.id)));
			const min = ids.length ? Math.min(...ids) : 0;
			if (min) lowest = min;
			if (first) {
				stats.top = ids.length ? Math.max(...ids) : 0;
				break;
			}
			if (ids.length < PAGE_SIZE || min <= w.lo + 1) break;
			offsetId = min;
		}
		return { items, raw, min: lowest };
	};

	/** The chat's oldest page, below `rest`; `covered`: every id up to it was returned. */
	const fetchOldest = async (rest: number): Promise<{ items: T[]; covered: number }> => {
		stats.requests++;
		const page = await source({ offsetId: 1, addOffset: -PAGE_SIZE, minId: 0, limit: PAGE_SIZE });
		const all = page.messages.map((m) => Number(m.id));
		const below = new Set(all.filter((id) => id < rest));
		const items = below.size ? convert(page).filter((item) => below.has(item.id)) : [];
		// A short page is the whole chat; one reaching the head page leaves nothing between.
		const whole = all.length < PAGE_SIZE || all.some((id) => id >= rest);
		const covered = whole ? rest - 1 : Math.max(0, ...below);
		density.messages += below.size;
		density.ids += below.size ? covered - Math.min(...below) + 1 : 0;
		return { items, covered };
	};

	const head = await fetchWindow({ lo: range.lower, hi: range.upper }, true);
	if (head.raw < PAGE_SIZE || stats.top === 0) {
		if (head.items.length) yield range.order === 'newestFirst' ? head.items : head.items.reverse();
		return;
	}
	// The head page is full: continue below its oldest message.
	const rest = head.min;
	density.messages = head.raw;
	density.ids = stats.top - rest + 1;
	if (range.order === 'newestFirst') yield head.items;

	// The oldest page covers every id up to its newest message: windows start above it.
	const bottom = range.oldestPage && range.lower === 0 ? await fetchOldest(rest) : undefined;
	const floor = bottom ? bottom.covered : range.lower;
	if (bottom?.items.length && range.order === 'oldestFirst') yield bottom.items.reverse();

	let cursor = range.order === 'newestFirst' ? rest - 1 : floor;
	const next = (): Window | undefined => {
		// Runs of empty windows (a gap in the ids) double the next window's span.
		const size = windowSize(density.messages, density.ids) * 2 ** Math.min(density.emptyInARow, 16);
		if (range.order === 'newestFirst') {
			if (cursor <= floor) return undefined;
			const w = { lo: Math.max(floor, cursor - size), hi: cursor };
			cursor = w.lo;
			return w;
		}
		if (cursor >= rest - 1) return undefined;
		const w = { lo: cursor, hi: Math.min(rest - 1, cursor + size) };
		cursor = w.hi;
		return w;
	};
	const run = async (w: Window): Promise<Fetched<T>> => {
		const fetched = await fetchWindow(w);
		density.messages += fetched.raw;
		density.ids += w.hi - w.lo;
		density.emptyInARow = fetched.raw ? 0 : density.emptyInARow + 1;
		return fetched;
	};

	const inflight: Array<Promise<Fetched<T>>> = [];
	try {
		for (;;) {
			while (inflight.length < Math.max(1, range.concurrency)) {
				const w = next();
				if (!w) break;
				const task = run(w);
				// Awaited in order below; this only keeps a later failure from being unhandled.
				task.catch(() => undefined);
				inflight.push(task);
			}
			const task = inflight.shift();
			if (!task) break;
			const fetched = await task;
			if (fetched.items.length) {
				yield range.order === 'newestFirst' ? fetched.items : fetched.items.reverse();
			}
		}
		if (range.order === 'newestFirst' && bottom?.items.length) yield bottom.items;
		if (range.order === 'oldestFirst' && head.items.length) yield head.items.reverse();
	} finally {
		stopped = true;
	}
}
