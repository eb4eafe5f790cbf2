// A send whose answer never comes (decision 0013): it is repeated under the same random_id, which
// the loopback server de-duplicates as Telegram does; when even that stays unanswered the run
// fails in doubt, and a retry looks in the chat before it sends. Sent exactly once either way.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { TelegramAccount } from '../../nodes/TelegramAccount/TelegramAccount.node';
import { forgetSendDoubts } from '../../nodes/shared/transport/inDoubt';
import { withDeadline } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { fakeExecute, LEAK_GRACE_MS, rl, startWorld, type World } from './fixture';

let handles: HandleCounts;
let world: World;
const TIMEOUT_S = 1;
/**
 * How late a stalled send is carried out: well after the run's two deadlines and its look into
 * the chat, even on a loaded machine, so that the run really ends in doubt.
 */
const LATE_MS = 12_000;
/** How long the server is watched for a copy GramJS sends by itself (it repeats 2 s after a 500). */
const ABANDONED_WATCH_MS = 6000;
const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
	handles = handleSnapshot();
	world = await startWorld();
});

afterAll(async () => {
	await world.close();
	await expectNoLeakedHandles(handles, LEAK_GRACE_MS);
}, 30_000);

beforeEach(() => forgetSendDoubts());

interface As {
	/** n8n's execution mode ('retry' when a user retries a failed execution). */
	mode?: string;
	executionId?: string;
	/** The credential's request timeout in seconds (default TIMEOUT_S). */
	timeoutS?: number;
	/** The item of the run's Telegram Account Trigger that this send answers (mode 'trigger'). */
	trigger?: IDataObject;
}

const TRIGGER = {
	name: 'Telegram Account Trigger',
	type: 'n8n-nodes-telegram-account.telegramAccountTrigger',
	typeVersion: 1,
};

/** Runs Send Text as n8n would, in the given mode and execution. */
async function send(username: string, text: string, as: As = {}): Promise<INodeExecutionData[]> {
	const fn = fakeExecute(world, {
		credentials: world.credentials({ requestTimeout: as.timeoutS ?? TIMEOUT_S }),
		params: {
			resource: 'message',
			operation: 'sendText',
			chatId: rl(`@${username}`, 'username'),
			text,
		},
	});
	Object.assign(fn, {
		getMode: () => as.mode ?? 'manual',
		getExecutionId: () => as.executionId,
	});
	const trigger = as.trigger;
	if (trigger) {
		// What n8n gives a node downstream of the trigger: its parents and the paired trigger item.
		Object.assign(fn, {
			getWorkflow: () => ({ id: 'wf-doubt', name: 'Replies', active: true }),
			getParentNodes: () => [TRIGGER],
			getWorkflowDataProxy: () => ({
				$runIndex: 0,
				$: (name: string) => (name === TRIGGER.name ? { item: { json: trigger } } : undefined),
			}),
		});
	}
	const [out] = await withDeadline(new TelegramAccount().execute.call(fn), 30_000, 'node execute');
	return out;
}

const failure = async (work: Promise<unknown>) =>
	await work.then(
		() => undefined,
		(e: Error) => e,
	);

function copies(peerId: number, text: string): number {
	return world.ts.control
		.sentMessages({ userId: world.me.userId })
		.filter((m) => m.peer.type === 'user' && m.peer.id === peerId && m.text === text).length;
}

const sendCalls = (since: number) =>
	world.ts.control.rpcLog({ userId: world.me.userId, method: 'messages.SendMessage', since })
		.length;

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
	const end = Date.now() + ms;
	while (!check()) {
		if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** A user to write to, resolved once so the faults below hit the sends themselves. */
async function contact(username: string): Promise<number> {
	const id = world.ts.control.createUser({ firstName: 'Doubt', username }).userId;
	await send(username, 'warm-up');
	return id;
}

/** The next `times` sends are answered after `delayMs` (or, with `error`, fail then, unsent). */
function stall(times: number, delayMs: number, error?: string): number {
	const since = Date.now();
	world.ts.control.injectError({
		method: 'messages.SendMessage',
		delayMs,
		times,
		error,
		userId: world.me.userId,
	});
	return since;
}

test('an answer lost once: the repeat under the same random_id is answered, one copy', async () => {
	const bob = await contact('doubt_once');
	const since = stall(1, 2500);
	const out = await send('doubt_once', 'answer lost once');
	expect(out).toHaveLength(1);
	expect(out[0].json).toMatchObject({ text: 'answer lost once', recovered: 'sameRandomId' });
	// The first request is carried out late: the server de-duplicates it by its random_id.
	await until(() => sendCalls(since) === 2, 10_000, 'the late first send');
	expect(copies(bob, 'answer lost once')).toBe(1);
}, 30_000);

test('answers lost twice: the run fails in doubt; a retry on another worker finds it, sends nothing', async () => {
	const bob = await contact('doubt_twice');
	const since = stall(2, LATE_MS);
	const error = await failure(send('doubt_twice', 'answer lost twice', { executionId: '41' }));
	expect(error?.message).toMatch(/got no answer within 1s, nor did its repeat/);
	expect(error?.message).toMatch(/may still arrive/);
	// Both requests are carried out late; the second is the first's duplicate.
	await until(() => sendCalls(since) === 2, LATE_MS + 15_000, 'the late sends');
	expect(copies(bob, 'answer lost twice')).toBe(1);
	// The retry runs in another process (nothing remembered): n8n's mode says it is a retry.
	forgetSendDoubts();
	const before = sendCalls(since);
	const out = await send('doubt_twice', 'answer lost twice', { mode: 'retry', executionId: '42' });
	expect(out[0].json).toMatchObject({ text: 'answer lost twice', recovered: 'foundInChat' });
	expect(sendCalls(since)).toBe(before);
	expect(copies(bob, 'answer lost twice')).toBe(1);
}, 60_000);

test('a retry finds its message in a busy chat, under newer messages, and sends nothing', async () => {
	const bob = await contact('doubt_busy');
	const since = stall(2, LATE_MS);
	expect(await failure(send('doubt_busy', 'buried', { executionId: '81' }))).toBeDefined();
	await until(() => sendCalls(since) === 2, LATE_MS + 15_000, 'the late sends');
	for (let i = 0; i < 15; i++) {
		world.ts.control.pushMessage({ fromId: bob, toUserId: world.me.userId, text: `chatter ${i}` });
	}
	forgetSendDoubts();
	const out = await send('doubt_busy', 'buried', { mode: 'retry', executionId: '82' });
	expect(out[0].json).toMatchObject({ text: 'buried', recovered: 'foundInChat' });
	expect(copies(bob, 'buried')).toBe(1);
}, 60_000);

test('answers lost twice: a plain re-run in the same process also finds it in the chat', async () => {
	const bob = await contact('doubt_rerun');
	const since = stall(2, LATE_MS);
	expect(await failure(send('doubt_rerun', 'run again'))).toBeDefined();
	await until(() => sendCalls(since) === 2, LATE_MS + 15_000, 'the late sends');
	const out = await send('doubt_rerun', 'run again');
	expect(out[0].json).toMatchObject({ text: 'run again', recovered: 'foundInChat' });
	expect(copies(bob, 'run again')).toBe(1);
}, 60_000);

test('genuinely not delivered: the run fails in doubt and the retry sends it once', async () => {
	const bob = await contact('doubt_lost');
	// The send and its repeat each fail with a 500 half a second after our deadline gave up on them.
	const since = stall(2, TIMEOUT_S * 1000 + 500, 'RPC_CALL_FAIL');
	const error = await failure(send('doubt_lost', 'never arrived', { executionId: '51' }));
	expect(error?.message).toMatch(/nor did its repeat/);
	const doubtAt = Date.now();
	// The user retries at once, on another worker: the chat does not show it, so it is sent.
	forgetSendDoubts();
	const out = await send('doubt_lost', 'never arrived', { mode: 'retry', executionId: '52' });
	expect(out[0].json).toMatchObject({ text: 'never arrived' });
	expect(out[0].json.recovered).toBeUndefined();
	// GramJS would send each abandoned request once more 2 s after its 500: none may come.
	await sleep(ABANDONED_WATCH_MS);
	expect(sendCalls(doubtAt)).toBe(1);
	expect(sendCalls(since)).toBe(3);
	expect(copies(bob, 'never arrived')).toBe(1);
}, 60_000);

test('a 500 within the deadline is still repeated by GramJS: sent once, no doubt', async () => {
	const bob = await contact('doubt_500');
	const since = stall(1, 0, 'RPC_CALL_FAIL');
	const out = await send('doubt_500', 'second try', { executionId: '55', timeoutS: 10 });
	expect(out[0].json).toMatchObject({ text: 'second try' });
	expect(out[0].json.recovered).toBeUndefined();
	expect(sendCalls(since)).toBe(2);
	expect(copies(bob, 'second try')).toBe(1);
}, 30_000);

test('the same send of one execution again (Retry On Fail) is one message; another execution sends anew', async () => {
	const bob = await contact('doubt_same');
	const first = await send('doubt_same', 'same send', { executionId: '61' });
	const again = await send('doubt_same', 'same send', { executionId: '61' });
	expect(again[0].json.id).toBe(first[0].json.id);
	expect(copies(bob, 'same send')).toBe(1);
	const other = await send('doubt_same', 'same send', { executionId: '62' });
	expect(other[0].json.id).not.toBe(first[0].json.id);
	expect(copies(bob, 'same send')).toBe(2);
}, 30_000);

test('one incoming message run as two executions (n8n re-creates a queued one at a restart) is answered once', async () => {
	const bob = await contact('doubt_twin');
	const incoming = { event: 'new', chatId: String(bob), id: 7 };
	const as = (executionId: string, trigger: IDataObject) =>
		({ mode: 'trigger', executionId, trigger }) as const;
	const first = await send('doubt_twin', 'echo: hi', as('91', incoming));
	const twin = await send('doubt_twin', 'echo: hi', as('92', incoming));
	expect(twin[0].json.id).toBe(first[0].json.id);
	expect(copies(bob, 'echo: hi')).toBe(1);
	// Another incoming message, or an edit of the same one, is answered anew.
	await send('doubt_twin', 'echo: hi', as('93', { ...incoming, id: 8 }));
	await send('doubt_twin', 'echo: hi', as('94', { ...incoming, event: 'edited', editDate: 5 }));
	expect(copies(bob, 'echo: hi')).toBe(3);
}, 30_000);

test('a retry sends a text the chat does not already show from this account', async () => {
	const bob = await contact('doubt_new');
	world.ts.control.pushMessage({ fromId: bob, toUserId: world.me.userId, text: 'fresh text' });
	const out = await send('doubt_new', 'fresh text', { mode: 'retry', executionId: '71' });
	// Bob's own message with that text is not ours: the retry sends.
	expect(out[0].json.recovered).toBeUndefined();
	expect(copies(bob, 'fresh text')).toBe(1);
}, 30_000);
