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
