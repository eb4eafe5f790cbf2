// Checks that a test file leaves no socket, server or timer behind (jest's --detectOpenHandles
// is too slow to run always; this is cheap and names what leaked).
import { sleep } from './deadline';

export type HandleCounts = Record<string, number>;

export function handleSnapshot(): HandleCounts {
	const counts: HandleCounts = {};
	for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
	return counts;
}

function excess(before: HandleCounts): string[] {
	const now = handleSnapshot();
	return Object.keys(now)
		.filter((k) => now[k] > (before[k] ?? 0))
		.map((k) => `${k} +${now[k] - (before[k] ?? 0)}`);
}

/**
 * Fails unless, within `graceMs`, no more handles of any kind are active than in `before`.
 * Timers that end by themselves within the grace period are not counted as leaks.
 */
export async function expectNoLeakedHandles(before: HandleCounts, graceMs = 2000): Promise<void> {
	const end = Date.now() + graceMs;
	let left = excess(before);
	while (left.length && Date.now() < end) {
		await sleep(50);
		left = excess(before);
	}
	if (left.length) throw new Error(`leaked handles: ${left.join(', ')}`);
}
