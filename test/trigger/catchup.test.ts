// Durable position against the loopback server: messages that arrived while the trigger was
// deactivated are emitted on the next activation, in order, each once; the catch-up bounds hold.
import type { IDataObject } from 'n8n-workflow';

import { sleep } from '../helpers/deadline';
import {
	activeTrigger,
	expectReleased,
	privateText,
	useTriggerWorld,
	type TriggerWorld,
} from './fixture';

let w: TriggerWorld;
useTriggerWorld((world) => (w = world));

const texts = (e: Array<{ json: IDataObject }>) => e.map((x) => String(x.json.text));

test('after a deactivation, missed messages come in order, each once, marked as catch-up', async () => {
	const executedKeys = new Set<string>();
	const first = await activeTrigger(w, {}, { executedKeys });
	privateText(w, 'live 1');
	w.ts.control.pushMessage({ fromId: w.bob, channelId: w.channelId, text: 'live news' });
	await first.run.waitExecutions(2);
	await first.close();
	await expectReleased(w);

	privateText(w, 'missed 1');
	w.ts.control.pushMessage({ fromId: w.bob, channelId: w.channelId, text: 'missed news' });
	w.ts.control.pushMessage({ fromId: w.bob, chatId: w.groupId, text: 'missed group' });
	privateText(w, 'missed 2');

	const second = await activeTrigger(w, {}, { staticData: first.run.disk(), executedKeys });
	await second.run.waitExecutions(4);
	privateText(w, 'live 2');
	await second.run.waitExecutions(5);
	await sleep(300);
	const got = texts(second.run.executions);
	expect([...got].sort()).toEqual([
		'live 2',
		'missed 1',
		'missed 2',
		'missed group',
		'missed news',
	]);
	// Private and group messages share one sequence: their order holds.
	const common = got.filter((t) => t !== 'missed news');
	expect(common).toEqual(['missed 1', 'missed group', 'missed 2', 'live 2']);
	expect(second.run.executions.filter((e) => e.json.isCatchUp).length).toBe(4);
	// The last message emitted before the stop was not confirmed yet when n8n last wrote the static
	// data: it is replayed and n8n refuses it by its deduplication key (no second execution).
	expect(second.run.refused.length).toBeLessThanOrEqual(2);
	await second.close();
});

test('with catch-up off, a re-activation starts live', async () => {
	const first = await activeTrigger(w, { options: { catchUp: 'off' } });
	privateText(w, 'seen');
	await first.run.waitExecutions(1);
	await first.close();
	await expectReleased(w);
	privateText(w, 'while off');
	const second = await activeTrigger(
		w,
		{ options: { catchUp: 'off' } },
		{ staticData: first.run.disk() },
	);
	await sleep(500);
	privateText(w, 'after');
	await second.run.waitExecutions(1);
	await sleep(300);
	expect(texts(second.run.executions)).toEqual(['after']);
	await second.close();
});

test('catch-up "last N messages per chat" emits only the newest N of each chat', async () => {
	const params = { options: { catchUp: 'messages', catchUpMessages: 2 } };
	const first = await activeTrigger(w, params);
	privateText(w, 'start');
	await first.run.waitExecutions(1);
	await first.close();
	await expectReleased(w);
	for (let i = 1; i <= 5; i++) privateText(w, `bob ${i}`);
	for (let i = 1; i <= 3; i++) privateText(w, `carol ${i}`, w.carol);
	const second = await activeTrigger(w, params, { staticData: first.run.disk() });
	await second.run.waitExecutions(4);
	await sleep(2000);
	expect(texts(second.run.executions)).toEqual(['bob 4', 'bob 5', 'carol 2', 'carol 3']);
	await second.close();
});

test('a crash before n8n confirmed the last executions replays them; n8n refuses the ones that ran', async () => {
	const executedKeys = new Set<string>();
	const first = await activeTrigger(w, {}, { executedKeys });
	for (let i = 1; i <= 3; i++) privateText(w, `m${i}`);
	await first.run.waitExecutions(3);
	// The crash lost every static-data write after the first emit's (m1 itself still unconfirmed).
	const firstEmitWrite = first.run.writes[1];
	expect(firstEmitWrite.seen).toEqual([expect.stringMatching(/:\d+$/)]);
	const disk = JSON.parse(JSON.stringify(firstEmitWrite));
	await first.close();
	await expectReleased(w);
	privateText(w, 'm4');
	const second = await activeTrigger(w, {}, { staticData: disk, executedKeys });
	await second.run.waitExecutions(1);
	await sleep(1000);
	const all = [...texts(first.run.executions), ...texts(second.run.executions)];
	expect(all).toEqual(['m1', 'm2', 'm3', 'm4']);
	// m1..m3 are replayed; their executions exist, so n8n refuses all three by key.
	expect(second.run.refused.length).toBe(3);
	await second.close();
});
