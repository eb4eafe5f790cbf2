import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { LEAK_GRACE_MS, rl, run, runError, startWorld, type World } from './fixture';

/** Taken inside beforeAll: jest's own hook timer then counts on both sides. */
let handles: HandleCounts;
let world: World;
let bob: number;
let carol: number;
let dana: number;
let newsId: number;
let groupId: number;
const inviteHash = 'TeamInvite123';

beforeAll(async () => {
	handles = handleSnapshot();
	world = await startWorld();
	const c = world.ts.control;
	bob = c.createUser({ firstName: 'Bob', username: 'bob_user' }).userId;
	carol = c.createUser({
		firstName: 'Carol',
		username: 'carol_priv',
		restrictMessages: true,
	}).userId;
	// Dana has no username: only the dialog list makes her id usable.
	dana = c.createUser({ firstName: 'Dana' }).userId;
	c.seedMessages({ between: [dana, world.me.userId], count: 2 });
	newsId = c.createChannel({
		title: 'News Feed',
		creatorId: bob,
		username: 'news_feed',
		memberIds: [world.me.userId],
	}).channelId;
	groupId = c.createGroup({
		title: 'Team',
		creatorId: world.me.userId,
		memberIds: [bob],
		inviteHash,
	}).chatId;
});

afterAll(async () => {
	await world.close();
	await expectNoLeakedHandles(handles, LEAK_GRACE_MS);
});

const sendText = (chat: string, text: string, options = {}) => ({
	resource: 'message',
	operation: 'sendText',
	chatId: rl(chat),
	text,
	options,
});

function bobInbox(): Array<{ text: string; entities?: unknown[] }> {
	const box = world.ts.world.box(bob);
	return [...box.msgs.values()]
		.filter((m) => m.peer.type === 'user' && m.peer.id === world.me.userId)
		.map((m) => m.core);
}

describe('Message → Send Text', () => {
	it('sends to an @username and returns the message as plain JSON', async () => {
		const out = await run(world, { params: sendText('@bob_user', 'Hello Bob') });
		expect(out).toHaveLength(1);
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(out[0].json).toMatchObject({
			chatId: String(bob),
			chatType: 'private',
			text: 'Hello Bob',
			isOutgoing: true,
			sender: { id: String(world.me.userId) },
		});
		expect(typeof out[0].json.id).toBe('number');
		expect(out[0].json.date).toMatch(/^\d{4}-\d\d-\d\dT/);
		expect(bobInbox().at(-1)?.text).toBe('Hello Bob');
	});

	it('parses Markdown and HTML into entities, and sends plain text as is', async () => {
		await run(world, {
			params: sendText('bob_user', 'a **bold** move', { parseMode: 'markdown' }),
		});
		let last = bobInbox().at(-1)!;
		expect(last.text).toBe('a bold move');
		expect(last.entities).toHaveLength(1);
		await run(world, {
			params: sendText('bob_user', '<i>it</i> & <b>b</b>', { parseMode: 'html' }),
		});
		last = bobInbox().at(-1)!;
		expect(last.text).toBe('it & b');
		expect(last.entities).toHaveLength(2);
		await run(world, { params: sendText('bob_user', 'keep **this**') });
		expect(bobInbox().at(-1)!.text).toBe('keep **this**');
	});

	it('replies, sends silently and without link preview', async () => {
		// By @username first: a bare numeric id works only for a user the account has seen.
		const first = await run(world, { params: sendText('bob_user', 'question') });
		const id = first[0].json.id as number;
		const out = await run(world, {
			params: sendText(String(bob), 'see https://example.com', {
				replyTo: id,
				silent: true,
				disableLinkPreview: true,
			}),
		});
		expect(out[0].json).toMatchObject({ isSilent: true });
		const log = world.ts.control.rpcLog({ method: 'messages.SendMessage' });
		expect(log.at(-1)?.error).toBeUndefined();
		const rec = [...world.ts.world.box(world.me.userId).msgs.values()].at(-1)!;
		expect(rec.replyToId).toBe(id);
	});

	it('splits a text over 4096 characters into ordered messages', async () => {
		const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} ${'x'.repeat(300)}`);
		const text = paragraphs.join('\n\n');
		const before = bobInbox().length;
		const out = await run(world, { params: sendText('@bob_user', text, { longText: 'split' }) });
		expect(out.length).toBe(3);
		for (const item of out) expect((item.json.text as string).length).toBeLessThanOrEqual(4096);
		const ids = out.map((i) => i.json.id as number);
		expect([...ids].sort((a, b) => a - b)).toEqual(ids);
		const received = bobInbox()
			.slice(before)
			.map((m) => m.text);
		expect(received.join('')).toBe(text);
		expect(out.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('rejects a text over the limit when asked to, before sending anything', async () => {
		const calls = world.ts.control.rpcLog({ method: 'messages.SendMessage' }).length;
		const error = await runError(world, {
			params: sendText('@bob_user', 'y'.repeat(5000), { longText: 'reject' }),
		});
		expect(error.message).toMatch(/5000 characters; Telegram allows 4096/);
		expect(world.ts.control.rpcLog({ method: 'messages.SendMessage' }).length).toBe(calls);
	});

	it('sends to a basic group by its id', async () => {
		const group = await run(world, { params: sendText(`-${groupId}`, 'hi team') });
		expect(group[0].json).toMatchObject({
			chatId: `-${groupId}`,
			chatType: 'group',
			chatTitle: 'Team',
			text: 'hi team',
			sender: { id: String(world.me.userId), name: 'Ada Self', username: 'ada_self' },
		});
	});

	it('sends to a basic group by invite link', async () => {
		const group = await run(world, { params: sendText(`https://t.me/+${inviteHash}`, 'hi team') });
		expect(group[0].json).toMatchObject({
			chatId: `-${groupId}`,
			chatType: 'group',
			text: 'hi team',
		});
	});

	it('sends to a numeric id found in the dialogs', async () => {
		const toDana = await run(world, { params: sendText(String(dana), 'hi Dana') });
		expect(toDana[0].json).toMatchObject({ chatId: String(dana), text: 'hi Dana' });
	});

	it.each([
		['a privacy-restricted user', '@carol_priv', /privacy settings/],
		['a channel the account may not write in', '@news_feed', /cannot write in this chat/],
		['an unknown username', '@nobody_here', /No one uses this username/],
		['a numeric id never seen', '987654321', /has no chat with ID 987654321/],
	])('fails clearly for %s', async (_what, chat, message) => {
		const error = await runError(world, { params: sendText(chat, 'hello') });
		expect(error.message).toMatch(message);
		expect(error.description).toBeTruthy();
	});

	it('fails with the wait time when a flood wait is over the threshold', async () => {
		world.ts.control.injectError({
			method: 'messages.SendMessage',
			error: 'FLOOD_WAIT_120',
			userId: world.me.userId,
		});
		const error = await runError(world, { params: sendText('@bob_user', 'too fast') });
		expect(error.message).toMatch(/wait 120 seconds/);
	});

	it('waits out a flood wait under the threshold and sends', async () => {
		world.ts.control.injectError({
			method: 'messages.SendMessage',
			error: 'FLOOD_WAIT_1',
			userId: world.me.userId,
		});
		const out = await run(world, { params: sendText('@bob_user', 'patient') });
		expect(out[0].json.text).toBe('patient');
	});

	it('fails only the bad item with continueOnFail, each with its own parameters', async () => {
		const chats = ['@bob_user', '@carol_priv', `https://t.me/+${inviteHash}`];
		const out = await run(world, {
			items: chats.map(() => ({ json: {} })),
			params: (i) => sendText(chats[i], `item ${i}`),
			continueOnFail: true,
		});
		expect(out).toHaveLength(3);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(out[0].json.text).toBe('item 0');
		expect(out[1].json.error).toMatch(/privacy/);
		expect(out[2].json).toMatchObject({ text: 'item 2', chatId: `-${groupId}` });
	});

	it('accepts a schedule date and refuses one that is not a date', async () => {
		const out = await run(world, {
			params: sendText('@bob_user', 'later', { scheduleDate: '2030-01-31T09:00:00Z' }),
		});
		expect(out[0].json.text).toBe('later');
		const error = await runError(world, {
			params: sendText('@bob_user', 'later', { scheduleDate: 'next tuesday-ish' }),
		});
		expect(error.message).toMatch(/is not a date/);
	});

	it('says what is missing when no chat is given', async () => {
		const error = await runError(world, { params: sendText('', 'hello') });
		expect(error.message).toMatch(/No chat was given/);
	});

	void newsId;
	void carol;
});
