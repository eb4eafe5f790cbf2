// Server msg_ids follow the clock in both halves of a second; salts rotate hourly with overlap.
import { MsgIdClock, msgIdSeconds, SALT_PERIOD, SaltBook } from '../core/clock';
import { sleep } from '../../helpers/deadline';

test('server msg_ids: strictly increasing, ≡ kind mod 4, on the clock', async () => {
	const clock = new MsgIdClock();
	let last = 0n;
	const end = Date.now() + 1100;
	while (Date.now() < end) {
		for (const kind of [1, 3] as const) {
			const id = clock.next(kind);
			expect(id % 4n).toBe(BigInt(kind));
			expect(id > last).toBe(true);
			last = id;
			const t = Number(id >> 32n) + Number(id & 0xffffffffn) / 2 ** 32;
			expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(0.1);
		}
		await sleep(7);
	}
	expect(msgIdSeconds(last)).toBe(Math.floor(Number(last >> 32n)));
});

test('salts: this hour and, for 30 minutes, the last one; future salts are consecutive', () => {
	const book = new SaltBook();
	const key = 123n;
	const t = 1_800_000_000 + 600; // 10 minutes into an hour slot
	const slot = book.currentSlot(t);
	expect(book.isValid(key, book.saltFor(key, slot), t)).toBe(true);
	expect(book.isValid(key, book.saltFor(key, slot - 1), t)).toBe(true);
	expect(book.isValid(key, book.saltFor(key, slot - 1), t + 1800)).toBe(false);
	expect(book.isValid(key, book.saltFor(key, slot + 1), t)).toBe(false);
	expect(book.isValid(456n, book.saltFor(key, slot), t)).toBe(false);
	const f = book.future(key, 4, t);
	expect(f.map((x) => x.validSince)).toEqual([0, 1, 2, 3].map((i) => (slot + i) * SALT_PERIOD));
	expect(f[0].salt).toBe(book.saltFor(key, slot));
	expect(f[0].validUntil).toBeGreaterThan(f[1].validSince);
});
