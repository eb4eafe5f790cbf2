// The trigger on the live stream of the loopback server: each event kind, the filters on real
// pushes, the output fields, media as binary.
import { rl } from '../actions/fixture';
import { sleep } from '../helpers/deadline';
import { activeTrigger, privateText, useTriggerWorld, type TriggerWorld } from './fixture';

let w: TriggerWorld;
useTriggerWorld((world) => (w = world));

test('a new private message becomes one item with the sender and a chat id Send Text takes', async () => {
	const t = await activeTrigger(w, {});
	privateText(w, 'hello from Bob');
	await t.run.waitExecutions(1);
	expect(t.run.executions[0].json).toMatchObject({
		event: 'new',
		chatId: String(w.bob),
		chatType: 'private',
		text: 'hello from Bob',
		isOutgoing: false,
		isCatchUp: false,
		sender: { id: String(w.bob), name: 'Bob', username: 'bob_user' },
	});
	const out = JSON.stringify(t.run.executions);
	for (const secret of w.secrets) expect(out).not.toContain(secret);
	await t.close();
	// Safe to call twice.
	await t.close();
});

test('edited and deleted messages, with the text the trigger saw', async () => {
	const t = await activeTrigger(w, { events: ['new', 'edited', 'deleted'] });
	const sent = privateText(w, 'first draft');
	await t.run.waitExecutions(1);
	w.ts.control.pushEdit({ ownerId: w.bob, id: sent.id, text: 'final text' });
	await t.run.waitExecutions(2);
	w.ts.control.pushDelete({ userId: w.bob, ids: [sent.id], revoke: true });
	await t.run.waitExecutions(3);
	const [created, edited, removed] = t.run.executions.map((e) => e.json);
	expect(edited).toMatchObject({ event: 'edited', id: created.id, text: 'final text' });
	expect(removed).toMatchObject({
		event: 'deleted',
		chatId: String(w.bob),
		messageIds: [created.id],
		messages: [{ id: created.id, text: 'final text' }],
	});
	await t.close();
});

test('only the chosen chat types, direction and text pass', async () => {
	const t = await activeTrigger(w, {
		chatTypes: ['group', 'channel'],
		filters: {
			textContains: 'deploy',
			excludeChats: { values: [{ chat: rl(`-100${w.supergroupId}`) }] },
		},
	});
	const c = w.ts.control;
	privateText(w, 'deploy from private');
	c.pushMessage({ fromId: w.bob, chatId: w.groupId, text: 'deploy in the group' });
	c.pushMessage({ fromId: w.bob, chatId: w.groupId, text: 'lunch?' });
	c.pushMessage({ fromId: w.bob, channelId: w.supergroupId, text: 'deploy in the club' });
	c.pushMessage({ fromId: w.bob, channelId: w.channelId, text: 'deploy news' });
	await t.run.waitExecutions(2);
	await sleep(300);
	expect(t.run.executions.map((e) => [e.json.chatType, e.json.text])).toEqual([
		['group', 'deploy in the group'],
		['channel', 'deploy news'],
	]);
	await t.close();
});

test('only chats given by username, and from users', async () => {
	const t = await activeTrigger(w, {
		chatTypes: ['private', 'group', 'channel'],
		filters: {
			onlyChats: {
				values: [{ chat: rl('@news_feed', 'username') }, { chat: rl(`-${w.groupId}`) }],
			},
			fromUsers: { values: [{ chat: rl('@bob_user', 'username') }] },
		},
	});
	const c = w.ts.control;
	c.pushMessage({ fromId: w.carol, chatId: w.groupId, text: 'carol in the group' });
	c.pushMessage({ fromId: w.bob, chatId: w.groupId, text: 'bob in the group' });
	privateText(w, 'bob in private');
	c.pushMessage({ fromId: w.bob, channelId: w.channelId, text: 'news by bob' });
	await t.run.waitExecutions(1);
	await sleep(300);
	// A broadcast channel's post is sent by the channel, not by Bob.
	expect(t.run.executions.map((e) => e.json.text)).toEqual(['bob in the group']);
	await t.close();
});

test('outgoing messages sent from another device of the account', async () => {
	const t = await activeTrigger(w, { direction: 'outgoing' });
	w.ts.control.pushMessage({ fromId: w.me.userId, toUserId: w.bob, text: 'sent from my phone' });
	privateText(w, 'incoming one');
	await t.run.waitExecutions(1);
	await sleep(300);
	expect(t.run.executions.map((e) => [e.json.text, e.json.isOutgoing, e.json.chatId])).toEqual([
		['sent from my phone', true, String(w.bob)],
	]);
	await t.close();
});

test('media filter and media as binary under the size cap', async () => {
	const t = await activeTrigger(w, {
		filters: { media: 'with' },
		options: { downloadMedia: true, maxMediaSize: 1 },
	});
	const c = w.ts.control;
	privateText(w, 'no media');
	c.pushMessage({
		fromId: w.bob,
		toUserId: w.me.userId,
		text: 'a photo',
		media: { kind: 'photo', size: 3000 },
	});
	c.pushMessage({
		fromId: w.bob,
		toUserId: w.me.userId,
		text: 'too big',
		media: { kind: 'file', size: 2 * 1024 * 1024, fileName: 'big.bin' },
	});
	await t.run.waitExecutions(2);
	const [photo, big] = t.run.executions;
	expect(photo.json).toMatchObject({ text: 'a photo', media: { type: 'photo' } });
	expect(Buffer.from(photo.binary!.data.data, 'base64').length).toBe(3000);
	expect(big.binary).toBeUndefined();
	expect(big.json.mediaNotDownloaded).toEqual([
		expect.objectContaining({ reason: 'larger than Max Media Size' }),
	]);
	await t.close();
});

test('5,000 messages pushed as fast as the server can are emitted, all, in order', async () => {
	const t = await activeTrigger(w, {});
	for (let i = 1; i <= 5000; i++) privateText(w, `burst ${i}`);
	await t.run.waitExecutions(5000, 90_000);
	await sleep(200);
	const texts = t.run.executions.map((e) => e.json.text);
	expect(texts.length).toBe(5000);
	expect(texts).toEqual(Array.from({ length: 5000 }, (_, i) => `burst ${i + 1}`));
	await t.close();
}, 120_000);
