// Every wait in a test has a deadline: a hung promise fails the test with a name, not a timeout.

export class DeadlineError extends Error {}

/** Settles like `promise`, or rejects with DeadlineError after `ms`; no timer outlives it. */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new DeadlineError(`${what}: no result within ${ms} ms`)), ms);
	});
	return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** True if `promise` settles within `ms` (resolved or rejected), false otherwise. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
	const settled = promise.then(
		() => true,
		() => true,
	);
	try {
		return await withDeadline(settled, ms, 'settle');
	} catch (e) {
		if (e instanceof DeadlineError) return false;
		throw e;
	}
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `cond` every 20 ms until true; rejects with DeadlineError after `ms`. */
export async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
	const end = Date.now() + ms;
	while (!cond()) {
		if (Date.now() > end) throw new DeadlineError(`${what}: not true within ${ms} ms`);
		await sleep(20);
	}
}
