// The execution's cancel signal, for waits deep inside a shared client: the pooled client serves
// many executions at once, so the signal travels in an async scope set by the node, not on the client.
import { AsyncLocalStorage } from 'async_hooks';

import { TransportError } from './errors';

const scope = new AsyncLocalStorage<AbortSignal | undefined>();

/** Runs fn with `signal` (n8n's getExecutionCancelSignal()) as the signal of every wait inside. */
export async function withCancelSignal<T>(
	signal: AbortSignal | undefined,
	fn: () => Promise<T>,
): Promise<T> {
	return await scope.run(signal, fn);
}

/** The cancel signal of the execution this code runs for, if any. */
export function cancelSignal(): AbortSignal | undefined {
	return scope.getStore();
}

export function throwIfCancelled(signal = cancelSignal()): void {
	if (signal?.aborted) throw new TransportError('cancelled');
}

/** Sleeps `ms`, or fails with a `cancelled` error as soon as the execution is stopped. */
export async function cancellableSleep(ms: number, signal = cancelSignal()): Promise<void> {
	throwIfCancelled(signal);
	await new Promise<void>((resolve, reject) => {
		const onAbort = () => {
			clearTimeout(timer);
			reject(new TransportError('cancelled'));
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
}

/** A wait of up to `ms` that wake() ends early and a stopped execution fails; never leaves a timer. */
export function interruptibleWait(
	ms: number,
	signal = cancelSignal(),
): { done: Promise<void>; wake: () => void } {
	let wake = (): void => undefined;
	const done = new Promise<void>((resolve, reject) => {
		const finish = (error?: Error) => {
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			if (error) reject(error);
			else resolve();
		};
		const onAbort = () => finish(new TransportError('cancelled'));
		const timer = setTimeout(() => finish(), Math.max(0, ms));
		wake = () => finish();
		signal?.addEventListener('abort', onAbort, { once: true });
		if (signal?.aborted) onAbort();
	});
	return { done, wake: () => wake() };
}
