// Leak check for GramJS clients. GramJS's update loop sleeps on an unref'd 9 s timer that only
// ends after destroy() at its next tick; it never keeps a process alive, but the shared helper
// counts it. So: sockets, servers and the like as the shared helper does, plus every *ref'd*
// timer created by the code under test (with where it was created, to fix it fast).
import { createHook } from 'async_hooks';

import { sleep } from '../helpers/deadline';
import { handleSnapshot, type HandleCounts } from '../helpers/leaks';

interface TimerResource {
	hasRef(): boolean;
}

export function trackHandles(): () => Promise<void> {
	const timers = new Map<number, { resource: TimerResource; stack: string }>();
	const hook = createHook({
		init(id, type, _trigger, resource) {
			if (type !== 'Timeout') return;
			const stack = new Error().stack ?? '';
			if (/node_modules[\\/](jest|@jest|expect)|transport[\\/]handles\.ts/.test(stack)) return;
			timers.set(id, { resource: resource as TimerResource, stack });
		},
		destroy(id) {
			timers.delete(id);
		},
	}).enable();
	const before: HandleCounts = handleSnapshot();
	const problems = (): string[] => {
		const now = handleSnapshot();
		const kinds = Object.keys(now)
			.filter((k) => k !== 'Timeout' && now[k] > (before[k] ?? 0))
			.map((k) => `${k} +${now[k] - (before[k] ?? 0)}`);
		const refTimers = [...timers.values()]
			.filter((t) => t.resource.hasRef())
			.map((t) => `ref'd timer from ${t.stack.split('\n').slice(3, 8).join(' <- ')}`);
		return [...kinds, ...refTimers];
	};
	return async (graceMs = 3000) => {
		const end = Date.now() + graceMs;
		let left = problems();
		while (left.length && Date.now() < end) {
			await sleep(50);
			left = problems();
		}
		hook.disable();
		if (left.length) throw new Error(`leaked: ${left.join('\n')}`);
	};
}
