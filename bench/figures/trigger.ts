// Figure 4: the Telegram Account Trigger. 5,000 messages held by the server and released at once
// → all emitted, in order, time to drain ÷ a raw GramJS NewMessage handler on a second session of
// the same account in the same run; push → emit latency (p50 / p99) one message at a time; and the
// catch-up of 10,000 messages missed while deactivated ÷ a raw updates.getDifference loop.
import { Api, type TelegramClient } from 'telegram';
import { NewMessage } from 'telegram/events';

import { activateTrigger, triggerContext } from '../../test/trigger/context';
import { closeAllClients } from '../../nodes/shared/transport/pool';
import { createAccount, credentialData } from '../lib/accounts';
import { connectRaw } from '../lib/raw';
import { quantile, spread } from '../lib/stats';
import { single, type BenchEnv, type Figure, type FigureRow } from './types';

const BURST = 5000;
const PACED = 200;
const MISSED = 10_000;

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
	const end = Date.now() + ms;
	while (!cond()) {
		if (Date.now() > end) throw new Error(`${what}: not reached within ${ms} ms`);
		await new Promise((resolve) => setTimeout(resolve, 2));
	}
}

/** The arrival time of each message text, as a raw GramJS NewMessage handler sees it. */
function rawArrivals(client: TelegramClient): Map<string, number> {
	const seen = new Map<string, number>();
	client.addEventHandler((event) => {
		seen.set(event.message.message, performance.now());
	}, new NewMessage({}));
	return seen;
}

async function rawDifference(client: TelegramClient, from: Api.updates.State): Promise<number> {
	let state = { pts: from.pts, date: from.date, qts: from.qts };
	let messages = 0;
	for (;;) {
		const diff = await client.invoke(new Api.updates.GetDifference(state));
		if (
			diff instanceof Api.updates.DifferenceEmpty ||
			diff instanceof Api.updates.DifferenceTooLong
		)
			return messages;
		messages += diff.newMessages.length;
		if (diff instanceof Api.updates.Difference) return messages;
		state = {
			pts: diff.intermediateState.pts,
			date: diff.intermediateState.date,
			qts: diff.intermediateState.qts,
		};
	}
}

async function run(env: BenchEnv): Promise<FigureRow[]> {
	const account = await createAccount(env.server, 'trigger');
	const { userId: me, peerId: peer } = account;
	const push = (text: string) =>
		env.server.control('pushMessage', { fromId: peer, toUserId: me, text });
	const credential = credentialData(env.server, account.session);
	const second = await env.server.control<{ session: string }>('createSession', { userId: me });
	const raw = await connectRaw(env.server, second.session);
	const rawSeen = rawArrivals(raw);
	const executedKeys = new Set<string>();
	const trigger = triggerContext({
		executedKeys,
		credential,
		params: { options: { catchUp: 'minutes', catchUpMinutes: 10_000 } },
	});
	const emitted = new Map<string, number>();
	const texts: string[] = [];
	const originalEmit = trigger.fn.emit.bind(trigger.fn);
	Object.assign(trigger.fn, {
		emit(data: Parameters<typeof originalEmit>[0], r?: unknown, done?: never, key?: string) {
			const text = String(data[0][0].json.text);
			emitted.set(text, performance.now());
			texts.push(text);
			originalEmit(data, r as never, done, key);
		},
	});
	let response = await activateTrigger(trigger);
	try {
		// Burst: held by the server, then released at once to both sessions.
		env.log(`figure 4: pushing ${BURST} held messages`);
		await env.server.control('holdPushes', { userId: me, count: BURST });
		for (let i = 1; i <= BURST; i++) await push(`burst ${i}`);
		const released = performance.now();
		await env.server.control('releasePushes', { userId: me });
		await until(() => texts.length >= BURST && rawSeen.size >= BURST, 120_000, 'burst');
		const burstCount = texts.length;
		const inOrder = texts.every((t, i) => t === `burst ${i + 1}`);
		const nodeDrain = emitted.get(`burst ${BURST}`)! - released;
		const rawDrain = Math.max(...[...rawSeen.values()]) - released;
		// Paced: one at a time, push → emit.
		const nodeLatency: number[] = [];
		const rawLatency: number[] = [];
		for (let i = 1; i <= PACED; i++) {
			const text = `paced ${i}`;
			const t0 = performance.now();
			await push(text);
			await until(
				() => emitted.has(text) && rawSeen.has(text),
				30_000,
				`${text} (node ${emitted.has(text)}, raw ${rawSeen.has(text)})`,
			);
			nodeLatency.push(emitted.get(text)! - t0);
			rawLatency.push(rawSeen.get(text)! - t0);
		}
		// Catch-up: deactivated, 10,000 missed, activated again from the saved position.
		await response.closeFunction!();
		const saved = trigger.disk();
		const from = await raw.invoke(new Api.updates.GetState());
		env.log(`figure 4: seeding ${MISSED} missed messages`);
		// Telegram answers differenceTooLong only far beyond 10,000 (the test server's default is
		// lower): both sides then read the same plain difference. Dated now: after the saved state.
		await env.server.control('setDifferenceLimits', { tooLong: 1_000_000 });
		await env.server.control('seedMessages', {
			between: [peer, me],
			fromIds: [peer],
			count: MISSED,
			text: 'missed {i}',
			startDate: Math.floor(Date.now() / 1000),
			stepSec: 0,
		});
		const again = triggerContext({
			executedKeys,
			credential,
			staticData: saved,
			params: { options: { catchUp: 'minutes', catchUpMinutes: 10_000 } },
		});
		const t0 = performance.now();
		response = await activateTrigger(again);
		const missedSeen = () =>
			again.executions.filter((e) => e.json.text === `missed ${MISSED}`).length;
		await until(() => missedSeen() > 0, 180_000, 'catch-up');
		const nodeCatchUp = performance.now() - t0;
		const t1 = performance.now();
		const rawCount = await rawDifference(raw, from);
		const rawCatchUp = performance.now() - t1;
		const missedTexts = again.executions
			.map((e) => String(e.json.text))
			.filter((t) => t.startsWith('missed '));
		const caughtOnce = new Set(missedTexts).size === missedTexts.length ? missedTexts.length : -1;
		return [
			{
				figure: '4',
				metric: `${BURST} released at once: emitted in order`,
				unit: 'count',
				value: single(inOrder ? burstCount : 0),
				goal: { min: BURST },
			},
			{
				figure: '4a',
				metric: `${BURST} burst: node drain ÷ raw GramJS NewMessage handler`,
				unit: 'ratio',
				value: single(nodeDrain / rawDrain),
				note: `${Math.round(nodeDrain)} vs ${Math.round(rawDrain)} ms`,
			},
			{
				figure: '4b',
				metric: 'push → emit (node), one message at a time',
				unit: 'ms',
				value: spread(nodeLatency),
				note: `p99 ${quantile(nodeLatency, 0.99).toFixed(1)} ms; raw p50 ${quantile(rawLatency, 0.5).toFixed(1)} ms`,
			},
			{
				figure: '4c',
				metric: 'push → emit p50: node ÷ raw handler',
				unit: 'ratio',
				value: single(quantile(nodeLatency, 0.5) / quantile(rawLatency, 0.5)),
			},
			{
				figure: '4d',
				metric: `catch-up of ${MISSED} missed: node ÷ raw getDifference loop`,
				unit: 'ratio',
				value: single(nodeCatchUp / rawCatchUp),
				note: `${Math.round(nodeCatchUp)} vs ${Math.round(rawCatchUp)} ms; ${caughtOnce} emitted once each, raw saw ${rawCount}`,
			},
		];
	} finally {
		await response.closeFunction?.();
		await raw.destroy();
		await closeAllClients();
	}
}

export const trigger: Figure = {
	id: '4',
	title: 'Trigger: burst, latency, catch-up',
	budgetMs: 240_000,
	run,
};
