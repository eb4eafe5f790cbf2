// The test helpers must be able to fail.
import { createServer } from 'node:net';
import { settlesWithin, withDeadline } from '../../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot } from '../../helpers/leaks';

test('expectNoLeakedHandles names a server left open, and passes once it is closed', async () => {
	const before = handleSnapshot();
	const server = createServer();
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	await expect(expectNoLeakedHandles(before, 200)).rejects.toThrow(/TCPServerWrap \+1/);
	await new Promise<void>((r) => server.close(() => r()));
	await expectNoLeakedHandles(before, 1000);
});

test('withDeadline rejects a hung promise with its name; settlesWithin says false', async () => {
	const hung = new Promise<void>(() => undefined);
	await expect(withDeadline(hung, 50, 'the thing')).rejects.toThrow(
		/the thing: no result within 50 ms/,
	);
	expect(await settlesWithin(hung, 50)).toBe(false);
	expect(await settlesWithin(Promise.reject(new Error('x')), 50)).toBe(true);
});
