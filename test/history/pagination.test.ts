// collectRange against an in-memory chat paged exactly as the loopback server pages getHistory:
// many id layouts (dense, sparse, clustered, deleted runs), both orders, several parallel windows.
import {
	collectRange,
	type Order,
	type RangeStats,
} from '../../nodes/TelegramAccount/actions/history/pagination';
import type { PageSource } from '../../nodes/TelegramAccount/actions/history/source';
import type { Tl } from '../../nodes/shared/transport/serialize';
import { historyPage } from '../server/world/history';

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function rng(seed: number): () => number {
	let x = seed;
	return () => {
		x = (x * 1103515245 + 12345) % 2 ** 31;
		return x / 2 ** 31;
	};
}

function layout(kind: string, random: () => number): number[] {
	const ids: number[] = [];
	let id = 0;
	for (let i = 0; i < 1500; i++) {
		if (kind === 'dense') id += 1;
		else if (kind === 'sparse') id += 1 + Math.floor(random() * 40);
		else if (kind === 'clustered') id += random() < 0.02 ? 5000 : 1;
		else id += random() < 0.3 ? 1 + Math.floor(random() * 300) : 1;
		ids.push(id);
	}
	return ids;
}

function sourceOf(asc: number[], calls: { n: number }): PageSource {
	return async (q) => {
		calls.n++;
		const page = historyPage(asc, (id) => id, q);
		return {
			messages: page.ids.map((id) => ({ className: 'Message', id }) as Tl),
			users: [],
			chats: [],
		};
	};
}

async function collect(
	asc: number[],
	lower: number,
	upper: number,
	order: Order,
	concurrency: number,
	limit = Infinity,
	oldestPage = false,
) {
	const calls = { n: 0 };
	const stats: RangeStats = { top: 0, requests: 0 };
	const out: number[] = [];
	const convert = (p: { messages: Tl[] }) => p.messages.map((m) => ({ id: Number(m.id) }));
	for await (const batch of collectRange(
		sourceOf(asc, calls),
		{ lower, upper, order, concurrency, oldestPage },
		convert,
		stats,
	)) {
		out.push(...batch.map((b) => b.id));
		if (out.length >= limit) break;
	}
	return { out, calls: calls.n, stats };
}

describe('collectRange', () => {
	const kinds = ['dense', 'sparse', 'clustered', 'holes'];
	it.each(kinds)('returns exactly the ids of the range (%s ids)', async (kind) => {
		const random = rng(kinds.indexOf(kind) + 7);
		const asc = layout(kind, random);
		const last = asc[asc.length - 1];
		const ranges: Array<[number, number]> = [
			[0, Infinity],
			[asc[200], Infinity],
			[0, asc[1300]],
			[asc[10] + 1, asc[1400] - 1],
			[last, Infinity],
		];
		for (const [lower, upper] of ranges) {
			const want = asc.filter((id) => id > lower && id <= upper);
			for (const concurrency of [1, 2, 4]) {
				for (const oldestPage of [false, true]) {
					const args = [lower, upper] as const;
					const newest = await collect(
						asc,
						...args,
						'newestFirst',
						concurrency,
						Infinity,
						oldestPage,
					);
					expect(newest.out).toEqual([...want].reverse());
					const oldest = await collect(
						asc,
						...args,
						'oldestFirst',
						concurrency,
						Infinity,
						oldestPage,
					);
					expect(oldest.out).toEqual(want);
					expect(newest.stats.top).toBe(want.length ? want[want.length - 1] : 0);
				}
			}
		}
	});

	it('needs no more requests than sequential paging on dense ids', async () => {
		const asc = layout('dense', rng(1));
		const { calls } = await collect(asc, 0, Infinity, 'newestFirst', 4);
		expect(calls).toBeLessThanOrEqual(Math.ceil(asc.length / 100) + 1);
	});

	it('asks for no window below the first id when the oldest page marks it', async () => {
		// Ids from 5,001: a chat whose numbering is the account's, started late.
		const asc = layout('dense', rng(3)).map((id) => id + 5000);
		for (const order of ['newestFirst', 'oldestFirst'] as const) {
			const { out, calls } = await collect(asc, 0, Infinity, order, 4, Infinity, true);
			expect(out).toEqual(order === 'newestFirst' ? [...asc].reverse() : asc);
			expect(calls).toBe(asc.length / 100);
		}
	});

	it('stops asking once the consumer stops', async () => {
		const asc = layout('dense', rng(2));
		const { out, calls } = await collect(asc, 0, Infinity, 'newestFirst', 4, 250);
		expect(out.length).toBeGreaterThanOrEqual(250);
		expect(calls).toBeLessThanOrEqual(3 + 4);
	});
});
