import { GAP_WAIT_MS, SequenceBox, type Step } from '../../nodes/shared/updates/box';

const step = (value: number, count = 1): Step<string> => ({ value, count, item: `pts ${value}` });
const items = (steps: Array<Step<string>>) => steps.map((s) => s.item);

describe('SequenceBox (pts rules of "Working with updates")', () => {
	it('applies an update when local + count == remote, and moves to it', () => {
		const box = new SequenceBox<string>(10);
		expect(items(box.offer(step(11), 0).apply)).toEqual(['pts 11']);
		expect(items(box.offer(step(14, 3), 0).apply)).toEqual(['pts 14']);
		expect(box.value).toBe(14);
		expect(box.gapDeadline).toBeUndefined();
	});

	it('ignores an update it already has (duplicate or older)', () => {
		const box = new SequenceBox<string>(10);
		box.offer(step(11), 0);
		expect(box.offer(step(11), 0)).toEqual({ apply: [], ignored: true });
		expect(box.offer(step(9), 0)).toEqual({ apply: [], ignored: true });
		expect(box.value).toBe(11);
	});

	it('holds an update past a gap for half a second, then asks for the difference', () => {
		const box = new SequenceBox<string>(10);
		expect(box.offer(step(12), 1000)).toEqual({ apply: [], ignored: false });
		expect(box.value).toBe(10);
		expect(box.gapDeadline).toBe(1000 + GAP_WAIT_MS);
		expect(box.gapExpired(1000 + GAP_WAIT_MS - 1)).toBe(false);
		expect(box.gapExpired(1000 + GAP_WAIT_MS)).toBe(true);
	});

	it('applies held updates in order once the missing one arrives (reordered pushes)', () => {
		const box = new SequenceBox<string>(10);
		box.offer(step(13), 0);
		box.offer(step(12), 0);
		expect(box.holding).toBe(2);
		expect(items(box.offer(step(11), 0).apply)).toEqual(['pts 11', 'pts 12', 'pts 13']);
		expect(box.value).toBe(13);
		expect(box.gapDeadline).toBeUndefined();
	});

	it('keeps a held duplicate once', () => {
		const box = new SequenceBox<string>(10);
		box.offer(step(12), 0);
		box.offer(step(12), 0);
		expect(box.holding).toBe(1);
		expect(items(box.offer(step(11), 0).apply)).toEqual(['pts 11', 'pts 12']);
	});

	it('after the difference, drops held updates it covered and applies the rest in order', () => {
		const box = new SequenceBox<string>(10);
		box.offer(step(12), 0);
		box.offer(step(15), 0);
		box.offer(step(16), 0);
		expect(items(box.reset(14, 700))).toEqual(['pts 15', 'pts 16']);
		expect(box.value).toBe(16);
		expect(box.holding).toBe(0);
		expect(box.gapDeadline).toBeUndefined();
	});

	it('keeps a gap open when the difference did not reach the held updates', () => {
		const box = new SequenceBox<string>(10);
		box.offer(step(20), 0);
		expect(box.reset(15, 700)).toEqual([]);
		expect(box.gapDeadline).toBe(700 + GAP_WAIT_MS);
		expect(box.holding).toBe(1);
	});

	it('takes the first update of a box with no base as it is (a channel seen for the first time)', () => {
		const box = new SequenceBox<string>();
		expect(items(box.offer(step(500, 1), 0).apply)).toEqual(['pts 500']);
		expect(box.value).toBe(500);
	});

	it('serves as the seq box: a combined range counts seq_end - seq_start + 1', () => {
		const seq = new SequenceBox<null>(4);
		expect(seq.offer({ value: 7, count: 3, item: null }, 0).apply).toHaveLength(1);
		expect(seq.offer({ value: 7, count: 1, item: null }, 0).ignored).toBe(true);
		expect(seq.offer({ value: 9, count: 1, item: null }, 0).apply).toEqual([]);
		expect(seq.gapDeadline).toBeDefined();
	});
});
