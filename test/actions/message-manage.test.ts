import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { LEAK_GRACE_MS, rl, run, runError, startWorld, type World } from './fixture';

/** Taken inside beforeAll: jest's own hook timer then counts on both sides. */
let handles: HandleCounts;
let world: World;
let bob: number;
let channelId: number;

beforeAll(async () => {
	handles = handleSnapshot();
	world = await startWorld();
	const c = world.ts.control;
	bob = c.createUser({ firstName: 'Bob', username: 'bob_user' }).userId;
	channelId = c.createChannel({
		title: 'Mine',
		creatorId: world.me.userId,
		username: 'my_channel',
	}).channelId;
});

afterAll(async () => {
	await world.close();
	await expectNoLeakedHandles(handles, LEAK_GRACE_MS);
});

const msg = (operation: string, params: Record<string, unknown>) => ({
	resource: 'message',
	operation,
	...params,
});

/** A message Bob sends to the account, by its id in the account's own box. */
function fromBob(text: string): number {
	world.ts.control.pushMessage({ fromId: bob, toUserId: world.me.userId, text });
	const mine = [...world.ts.world.box(world.me.userId).msgs.values()].filter(
		(m) => m.core.text === text,
	);
	return mine[mine.length - 1].id;
}

async function send(chat: string, text: string): Promise<number> {
	const out = await run(world, {
		params: msg('sendText', { chatId: rl(chat), text, options: {} }),
	});
	return out[0].json.id as number;
}

describe('Message → Edit / Delete / Forward / Get / Mark as Read / Send Chat Action', () => {
	it('edits a message, with formatting', async () => {
		const id = await send('@bob_user', 'draft');
		const out = await run(world, {
			params: msg('edit', {
				chatId: rl('@bob_user'),
				messageId: String(id),
				text: 'final **now**',
				options: { parseMode: 'markdown' },
			}),
		});
		expect(out[0].json).toMatchObject({ id, text: 'final now', chatId: String(bob) });
		expect(out[0].json.editDate).toBeTruthy();
	});

	it('edits a channel post', async () => {
		const id = await send('@my_channel', 'post v1');
		const out = await run(world, {
			params: msg('edit', {
				chatId: rl('@my_channel'),
				messageId: id,
				text: 'post v2',
				options: {},
			}),
		});
		expect(out[0].json).toMatchObject({
			id,
			text: 'post v2',
			chatType: 'channel',
			link: `https://t.me/my_channel/${id}`,
		});
	});

	it("says so when a message is not the account's to edit or does not exist", async () => {
		const incoming = fromBob('from bob');
		let error = await runError(world, {
			params: msg('edit', { chatId: rl('@bob_user'), messageId: incoming, text: 'x', options: {} }),
		});
		expect(error.message).toMatch(/Only the author/);
		error = await runError(world, {
			params: msg('edit', { chatId: rl('@bob_user'), messageId: 99999, text: 'x', options: {} }),
		});
		expect(error.message).toMatch(/message ID is invalid/);
	});

	it('deletes for everyone, or only for this account', async () => {
		const a = await send('@bob_user', 'delete me everywhere');
		const b = await send('@bob_user', 'delete me here');
		const bobHas = (text: string) =>
			[...world.ts.world.box(bob).msgs.values()].some((m) => m.core.text === text);
		let out = await run(world, {
			params: msg('delete', { chatId: rl('@bob_user'), messageIds: String(a), revoke: true }),
		});
		expect(out[0].json).toMatchObject({ messageIds: [a], deletedCount: 1, forEveryone: true });
		expect(bobHas('delete me everywhere')).toBe(false);
		out = await run(world, {
			params: msg('delete', { chatId: rl('@bob_user'), messageIds: `${b}`, revoke: false }),
		});
		expect(out[0].json).toMatchObject({ forEveryone: false });
		expect(world.ts.world.box(world.me.userId).msgs.has(b)).toBe(false);
		expect(bobHas('delete me here')).toBe(true);
	});

	it('deletes channel posts, several ids at once', async () => {
		const ids = [await send('@my_channel', 'one'), await send('@my_channel', 'two')];
		const out = await run(world, {
			params: msg('delete', {
				chatId: rl('@my_channel'),
				messageIds: ids.join(', '),
				revoke: true,
			}),
		});
		expect(out[0].json).toMatchObject({ chatId: `-100${channelId}`, deletedCount: 2 });
	});

	it('refuses message ids that are not ids', async () => {
		const error = await runError(world, {
			params: msg('delete', { chatId: rl('@bob_user'), messageIds: 'abc', revoke: true }),
		});
		expect(error.message).toMatch(/not a list of message IDs/);
	});

	it('forwards messages, with and without the sender', async () => {
		const incoming = fromBob('worth sharing');
		let out = await run(world, {
			params: msg('forward', {
				fromChatId: rl('@bob_user'),
				messageIds: String(incoming),
				toChatId: rl('me'),
				options: {},
			}),
		});
		expect(out[0].json).toMatchObject({
			text: 'worth sharing',
			chatId: String(world.me.userId),
			forward: { fromId: String(bob) },
		});
		out = await run(world, {
			params: msg('forward', {
				fromChatId: rl('@bob_user'),
				messageIds: String(incoming),
				toChatId: rl('@my_channel'),
				options: { dropAuthor: true },
			}),
		});
		expect(out[0].json).toMatchObject({
			text: 'worth sharing',
			chatId: `-100${channelId}`,
			forward: null,
		});
	});

	it('gets messages by id, only from the chat asked', async () => {
		const a = await send('@bob_user', 'first');
		const b = await send('@bob_user', 'second');
		const other = await send('me', 'elsewhere');
		const out = await run(world, {
			params: msg('get', { chatId: rl('@bob_user'), messageIds: `${a},${b},${other}` }),
		});
		expect(out.map((o) => o.json.text)).toEqual(['first', 'second']);
		const error = await runError(world, {
			params: msg('get', { chatId: rl('@bob_user'), messageIds: String(other) }),
		});
		expect(error.message).toMatch(/No message with ID/);
	});

	it('gets a channel post', async () => {
		const id = await send('@my_channel', 'channel post');
		const out = await run(world, {
			params: msg('get', { chatId: rl('https://t.me/my_channel', 'url'), messageIds: String(id) }),
		});
		expect(out[0].json).toMatchObject({ id, text: 'channel post', chatType: 'channel' });
	});

	it('marks a chat read, all or up to an id', async () => {
		const first = fromBob('unread 1');
		const last = fromBob('unread 2');
		const dialog = () => world.ts.world.dialog(world.me.userId, { type: 'user', id: bob });
		let out = await run(world, {
			params: msg('markRead', { chatId: rl('@bob_user'), maxId: first }),
		});
		expect(out[0].json).toMatchObject({ chatId: String(bob), readUpToId: first, success: true });
		expect(dialog().readInboxMaxId).toBe(first);
		out = await run(world, { params: msg('markRead', { chatId: rl('@bob_user'), maxId: 0 }) });
		expect(dialog().readInboxMaxId).toBe(last);
		out = await run(world, { params: msg('markRead', { chatId: rl('@my_channel'), maxId: 0 }) });
		expect(out[0].json.success).toBe(true);
	});

	it('sends a chat action', async () => {
		const before = world.ts.control.rpcLog({ method: 'messages.SetTyping' }).length;
		const out = await run(world, {
			params: msg('sendChatAction', { chatId: rl('@bob_user'), action: 'typing' }),
		});
		expect(out[0].json).toMatchObject({ chatId: String(bob), action: 'typing', success: true });
		await run(world, {
			params: msg('sendChatAction', { chatId: rl('@bob_user'), action: 'recordVoice' }),
		});
		expect(world.ts.control.rpcLog({ method: 'messages.SetTyping' }).length).toBe(before + 2);
		const error = await runError(world, {
			params: msg('sendChatAction', { chatId: rl('@bob_user'), action: 'dancing' }),
		});
		expect(error.message).toMatch(/not a chat action/);
	});
});
