// A send whose answer never comes: the server takes the request but answers only after the
// credential's deadline (as Telegram under load, or a connection that dies after the request left).
// The node repeats it once under the same random_id; when that too goes unanswered it fails with a
// clear error, and a retry by the user (on any worker) looks in the chat before it sends, so the
// text is sent once (decision 0013).
import type { INodeExecutionData } from 'n8n-workflow';

import { TelegramAccount } from '../../nodes/TelegramAccount/TelegramAccount.node';
import { forgetSendDoubts } from '../../nodes/shared/transport/inDoubt';
import { withDeadline } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { fakeExecute, LEAK_GRACE_MS, rl, startWorld, type World } from '../actions/fixture';
import { figure } from './size';

let handles: HandleCounts;
let world: World;
const TIMEOUT_S = 2;
// Past the deadline, the repeat's deadline and the look in the chat.
const SERVER_DELAY_MS = 8_000;

beforeAll(async () => {
	handles = handleSnapshot();
	world = await startWorld();
});

afterAll(async () => {
	await world.close();
	await expectNoLeakedHandles(handles, LEAK_GRACE_MS);
}, 30_000);

function sentTo(peerId: number): string[] {
	return world.ts.control
		.sentMessages({ userId: world.me.userId })
		.filter((m) => m.peer.type === 'user' && m.peer.id === peerId)
		.map((m) => m.text);
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Send Text as n8n runs it: `mode` 'retry' when the user retries a failed execution. */
async function sendText(
	username: string,
	text: string,
	mode: string,
	executionId: string,
): Promise<INodeExecutionData[]> {
	const fn = fakeExecute(world, {
		credentials: world.credentials({ requestTimeout: TIMEOUT_S }),
		params: {
			resource: 'message',
			operation: 'sendText',
			chatId: rl(`@${username}`, 'username'),
			text,
		},
	});
	Object.assign(fn, { getMode: () => mode, getExecutionId: () => executionId });
	const [out] = await withDeadline(new TelegramAccount().execute.call(fn), 30_000, 'node execute');
	return out;
}

/** A send whose answers never come in time (nor its repeat's), then the user's retry. */
async function sendInDoubtThenRetry(username: string, text: string) {
	const bob = world.ts.control.createUser({ firstName: 'Doubt', username }).userId;
	// Resolve the username first, so the delayed calls are the sends themselves.
	await sendText(username, 'warm-up', 'webhook', '1');
	const since = Date.now();
	world.ts.control.injectError({
		method: 'messages.SendMessage',
		delayMs: SERVER_DELAY_MS,
		times: 2,
		userId: world.me.userId,
	});
	const started = Date.now();
	const first = await sendText(username, text, 'webhook', '2').then(
		() => undefined,
		(e: Error & { description?: string }) => e,
	);
	const failedAfterMs = Date.now() - started;
	const landedBeforeError = sentTo(bob).filter((t) => t === text).length;
	// The server still carries both requests out, after the deadline; the second is a duplicate.
	const calls = () =>
		world.ts.control.rpcLog({ userId: world.me.userId, method: 'messages.SendMessage', since })
			.length;
	await until(() => calls() === 2, SERVER_DELAY_MS * 2 + 5_000, 'the late sends');
	// What a user does with a failed execution: retry it; n8n may run it on another worker.
	forgetSendDoubts();
	const retry = await sendText(username, text, 'retry', '3');
	return {
		first,
		failedAfterMs,
		landedBeforeError,
		retry,
		sendCalls: calls(),
		copies: sentTo(bob).filter((t) => t === text).length,
	};
}

test('a send with no answer fails with a clear error, before the server is done', async () => {
	const outcome = await sendInDoubtThenRetry('doubt_deadline', 'in doubt');
	expect(outcome.first?.message).toMatch(new RegExp(`no answer within ${TIMEOUT_S}s`));
	expect(outcome.first?.message).toMatch(/may still arrive/);
	expect(outcome.landedBeforeError).toBe(0);
	expect(outcome.retry).toHaveLength(1);
	figure('send in doubt: error', outcome.first?.message);
	figure('send in doubt: ms until the error', outcome.failedAfterMs);
}, 60_000);

test('a user retry after a send in doubt does not send the text twice', async () => {
	const outcome = await sendInDoubtThenRetry('doubt_retry', 'only once');
	expect(outcome.first).toBeDefined();
	expect(outcome.retry[0].json).toMatchObject({ text: 'only once', recovered: 'foundInChat' });
	// The retry sent nothing: the two calls are the first attempt and its repeat.
	expect(outcome.sendCalls).toBe(2);
	expect(outcome.copies).toBe(1);
	figure('send in doubt: copies after a user retry', outcome.copies);
}, 60_000);
