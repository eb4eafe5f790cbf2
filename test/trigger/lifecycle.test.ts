// Activation, deactivation and the Test step: clear failures at activation, a close that is safe
// twice and bounded, nothing left after 200 cycles, a revoked session ending in emitError.
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { activate, type SubscribeFn } from '../../nodes/TelegramAccountTrigger/activate';
import { updateEngineStats } from '../../nodes/shared/updates';
import type { UpdateListener } from '../../nodes/shared/updates/types';
import { poolStats } from '../../nodes/shared/transport/pool';
import { LEAK_GRACE_MS } from '../actions/fixture';
import { loopbackOptions } from '../helpers/executeContext';
import { startTestServer } from '../server';
import { waitFor, withDeadline } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot } from '../helpers/leaks';
import { activateTrigger, triggerContext } from './context';
import {
	activeTrigger,
	expectReleased,
	privateText,
	useTriggerWorld,
	type TriggerWorld,
} from './fixture';

let w: TriggerWorld;
useTriggerWorld((world) => (w = world));

async function activationError(params: object, credential = w.credentials()): Promise<Error> {
	const run = triggerContext({ credential, params: params as never });
	const error = await activateTrigger(run).then(
		async (r) => {
			await r.closeFunction?.();
			return undefined;
		},
		(e: Error) => e,
	);
	if (!error) throw new Error('activation was expected to fail');
	return error;
}

test('an invalid regular expression fails activation and names the field', async () => {
	const error = await activationError({ filters: { textPattern: '(order' } });
	expect(error).toBeInstanceOf(NodeOperationError);
	expect(error.message).toMatch(/Text Matches Regex: not a valid regular expression/);
});

test('a revoked session fails activation fast with what to do', async () => {
	const made = w.ts.control.createSession({ userId: w.me.userId });
	w.ts.control.revokeAuthKey({ session: made.session });
	const credential = { ...w.credentials(), session: made.session };
	const started = Date.now();
	const error = (await activationError({}, credential)) as NodeApiError;
	expect(Date.now() - started).toBeLessThan(10_000);
	expect(error).toBeInstanceOf(NodeApiError);
	expect(`${error.message} ${error.description}`).toMatch(/session|log in|Login/i);
});

test('an unreachable server fails activation with a connection error', async () => {
	// A session of a server that is gone: nothing listens on its port any more.
	const gone = await startTestServer();
	const made = gone.control.createAccount({ phone: '+15550009999', firstName: 'Gone' });
	const credential = {
		...w.credentials({ ...loopbackOptions(gone), requestTimeout: 2 }),
		session: made.session!,
	};
	await gone.stop();
	const error = await activationError({}, credential);
	expect(error.message).toMatch(/connect|reach|answer/i);
});

test('closeFunction is safe twice, also while a message is being emitted, and releases all', async () => {
	const t = await activeTrigger(w, {});
	privateText(w, 'one');
	await t.run.waitExecutions(1);
	await Promise.all([t.close(), t.close()]);
	await t.close();
	expect(updateEngineStats().subscribers).toBe(0);
	expect(poolStats().held).toBe(0);
});

test('200 activate / deactivate cycles leave no socket, timer, handler or subscriber', async () => {
	const before = handleSnapshot();
	for (let i = 0; i < 200; i++) {
		const t = await activeTrigger(w, {});
		await t.close();
	}
	expect(updateEngineStats().subscribers).toBe(0);
	// The pooled client stays for its idle period: one, not 200.
	expect(w.ts.server.sessions().filter((s) => !s.closed).length).toBeLessThanOrEqual(1);
	await expectReleased(w);
	await expectNoLeakedHandles(before, LEAK_GRACE_MS);
}, 180_000);

test('two workflows on one account share one connection and each gets every message', async () => {
	const a = await activeTrigger(w, {}, { workflowId: 'wf-a' });
	const b = await activeTrigger(w, {}, { workflowId: 'wf-b' });
	for (let i = 1; i <= 5; i++) privateText(w, `shared ${i}`);
	await a.run.waitExecutions(5);
	await b.run.waitExecutions(5);
	const texts = (r: typeof a) => r.run.executions.map((e) => e.json.text);
	expect(texts(a)).toEqual(['shared 1', 'shared 2', 'shared 3', 'shared 4', 'shared 5']);
	expect(texts(b)).toEqual(texts(a));
	expect(w.ts.server.sessions().filter((s) => !s.closed).length).toBe(1);
	await a.close();
	await b.close();
});

test('Test step waits for the next matching message and emits it', async () => {
	const run = triggerContext({
		credential: w.credentials(),
		mode: 'manual',
		params: { filters: { textContains: 'pick me' } },
	});
	const response = await activateTrigger(run);
	const waiting = response.manualTriggerFunction!();
	await waitFor(() => updateEngineStats().subscribers === 1, 5000, 'manual subscription');
	privateText(w, 'not this one');
	privateText(w, 'pick me please');
	await withDeadline(waiting, 10_000, 'manual trigger');
	expect(run.executions.map((e) => e.json.text)).toEqual(['pick me please']);
	await response.closeFunction!();
});

test('Test step gives up after its timeout with a clear error', async () => {
	const run = triggerContext({
		credential: w.credentials(),
		mode: 'manual',
		params: { options: { manualTimeout: 1 } },
	});
	const response = await activateTrigger(run);
	const error = await withDeadline(response.manualTriggerFunction!(), 10_000, 'manual').then(
		() => undefined,
		(e: Error) => e,
	);
	expect(error?.message).toMatch(/No matching message arrived within 1 s/);
	await response.closeFunction!();
});

test("the engine's fatal error reaches emitError with what to do, and the stream stops", async () => {
	let listener: UpdateListener | undefined;
	const subscribe: SubscribeFn = async (_credential, l) => {
		listener = l;
		return {
			state: () => ({ pts: 1, qts: 0, seq: 0, date: 1, channels: {} }),
			close: async () => {},
		};
	};
	const run = triggerContext({ credential: w.credentials(), params: {} });
	const response = await activate(run.fn, subscribe);
	const revoked = Object.assign(new Error('AUTH_KEY_UNREGISTERED'), {
		errorMessage: 'AUTH_KEY_UNREGISTERED',
		code: 401,
	});
	listener!.onFatal(revoked);
	expect(run.errors).toHaveLength(1);
	expect(run.errors[0]).toBeInstanceOf(NodeApiError);
	expect((run.errors[0] as NodeApiError).description).toMatch(/Login|session/i);
	await response.closeFunction!();
});

test('a session revoked mid-stream ends in emitError within 10 s', async () => {
	const made = w.ts.control.createSession({ userId: w.me.userId });
	const t = await activeTrigger(
		w,
		{},
		{ credential: { ...w.credentials(), session: made.session } },
	);
	privateText(w, 'before');
	await t.run.waitExecutions(1);
	// Telegram closes a terminated session's connections; the reconnect meets the revocation.
	w.ts.control.dropConnections({ userId: w.me.userId });
	w.ts.control.revokeAuthKey({ session: made.session });
	await waitFor(() => t.run.errors.length > 0, 10_000, 'emitError');
	expect(t.run.errors[0]).toBeInstanceOf(NodeApiError);
	await t.close();
});
