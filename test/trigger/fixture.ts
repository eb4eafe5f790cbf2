// The trigger against the loopback server: an account with contacts, a group and a channel, and
// helpers to activate the real node on a fake n8n trigger context.
import type { IDataObject, ITriggerResponse } from 'n8n-workflow';

import { closeAllClients, poolStats } from '../../nodes/shared/transport/pool';
import { forgetDeadSessions, updateEngineStats } from '../../nodes/shared/updates';
import { LEAK_GRACE_MS, startWorld, type World } from '../actions/fixture';
import { sleep, withDeadline } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { activateTrigger, triggerContext, type TriggerOptions, type TriggerRun } from './context';

export interface TriggerWorld extends World {
	bob: number;
	carol: number;
	groupId: number;
	channelId: number;
	supergroupId: number;
}

export async function startTriggerWorld(): Promise<TriggerWorld> {
	const world = await startWorld();
	const c = world.ts.control;
	const me = world.me.userId;
	const bob = c.createUser({ firstName: 'Bob', username: 'bob_user' }).userId;
	const carol = c.createUser({ firstName: 'Carol', username: 'carol_user' }).userId;
	c.addContact({ ownerId: me, userId: bob, mutual: true });
	const groupId = c.createGroup({ title: 'Team', creatorId: bob, memberIds: [me, carol] }).chatId;
	const channelId = c.createChannel({
		title: 'News',
		creatorId: bob,
		username: 'news_feed',
		memberIds: [me],
	}).channelId;
	const supergroupId = c.createChannel({
		title: 'Club',
		creatorId: bob,
		megagroup: true,
		memberIds: [me, carol],
	}).channelId;
	return { ...world, bob, carol, groupId, channelId, supergroupId };
}

export interface Active {
	run: TriggerRun;
	response: ITriggerResponse;
	close(): Promise<void>;
}

/** Activates a trigger with these parameters; close() deactivates it (as n8n, within a bound). */
export async function activeTrigger(
	world: World,
	params: IDataObject,
	o: Partial<TriggerOptions> = {},
): Promise<Active> {
	const run = triggerContext({ credential: world.credentials(), params, ...o });
	const response = await activateTrigger(run);
	return {
		run,
		response,
		close: async () => await withDeadline(response.closeFunction!(), 15_000, 'closeFunction'),
	};
}

/** Everything the trigger held is gone: engine, pooled client (after its idle close), sockets. */
export async function expectReleased(world: World): Promise<void> {
	const until = Date.now() + 5000;
	while (updateEngineStats().subscribers > 0 && Date.now() < until) await sleep(20);
	expect(updateEngineStats().subscribers).toBe(0);
	expect(poolStats().held).toBe(0);
	await closeAllClients();
	forgetDeadSessions();
	const open = () => world.ts.server.sessions().filter((s) => !s.closed).length;
	while (open() > 0 && Date.now() < until) await sleep(20);
	expect(open()).toBe(0);
}

export const privateText = (w: TriggerWorld, text: string, from = w.bob) =>
	w.ts.control.pushMessage({ fromId: from, toUserId: w.me.userId, text });

/**
 * One loopback world for a test file: started before its tests, closed after them with a leak
 * check, and every test ends with the trigger's connection released. `take` receives the world.
 */
export function useTriggerWorld(take: (world: TriggerWorld) => void): void {
	let handles: HandleCounts;
	let world: TriggerWorld;
	beforeAll(async () => {
		handles = handleSnapshot();
		world = await startTriggerWorld();
		take(world);
	});
	afterAll(async () => {
		await world.close();
		await expectNoLeakedHandles(handles, LEAK_GRACE_MS);
	});
	afterEach(async () => await expectReleased(world));
}
