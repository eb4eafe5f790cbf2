// How big a queue / soak run is: `ci` (the reduced run .ci/run makes), `full` (npm run
// test:queue) or `nightly` (the long soak), from QUEUE_SIZE.
export type QueueSize = 'ci' | 'full' | 'nightly';

export function queueSize(): QueueSize {
	const size = process.env.QUEUE_SIZE ?? 'full';
	if (size !== 'ci' && size !== 'full' && size !== 'nightly') {
		throw new Error(`QUEUE_SIZE must be ci, full or nightly, not ${size}`);
	}
	return size;
}

/** The value for this run's size. */
export function bySize<T>(values: Record<QueueSize, T>): T {
	return values[queueSize()];
}

/** A figure for the README, printed so the run's output can be quoted. */
export function figure(name: string, value: unknown): void {
	process.stdout.write(`[queue figure] ${name}: ${JSON.stringify(value)}\n`);
}
