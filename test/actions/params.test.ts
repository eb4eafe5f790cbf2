// Parameters of the wrong type or missing, as expressions give them in real workflows: a clear
// error that names the field and the item, or the conversion a user expects, never a TypeError.
import { NodeOperationError } from 'n8n-workflow';

import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { LEAK_GRACE_MS, rl, run, runError, startWorld, type World } from './fixture';

let handles: HandleCounts;
let world: World;
let bob: number;

beforeAll(async () => {
	handles = handleSnapshot();
	world = await startWorld();
	bob = world.ts.control.createUser({ firstName: 'Bob', username: 'bob_user' }).userId;
});

afterAll(async () => {
	await world.close();
	await expectNoLeakedHandles(handles, LEAK_GRACE_MS);
});

const message = (operation: string, fields: Record<string, unknown>) => ({
	resource: 'message',
	operation,
	options: {},
	...fields,
});

const sendCount = () => world.ts.control.rpcLog({ method: 'messages.SendMessage' }).length;

describe('parameters read through the checked reader', () => {
	it('Send Text without a text fails with a node error naming the field and the item', async () => {
		const before = sendCount();
		// An expression such as {{ $json.text }} on an item without text resolves to nothing.
		const error = await runError(world, {
			params: message('sendText', { chatId: rl('@bob_user'), text: null }),
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe("'text' of item 0 is empty");
		expect(error.description).toMatch(/Give the text to send/);
		expect(sendCount()).toBe(before);
	});

	it('Send Text sends a number as its text', async () => {
		const out = await run(world, {
			params: message('sendText', { chatId: rl('@bob_user'), text: 42 }),
		});
		expect(out[0].json).toMatchObject({ text: '42', chatId: String(bob) });
	});

	it('Send Text refuses a text that is a list or an object, naming the item', async () => {
		const out = await run(world, {
			params: (i: number) =>
				message('sendText', { chatId: rl('@bob_user'), text: i === 1 ? { a: 1 } : 'fine' }),
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(out[0].json).toMatchObject({ text: 'fine' });
		expect(out[1].json.error).toBe("'text' of item 1 must be text; got an object");
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});

	it('Edit without a text, or with a number, behaves as Send Text does', async () => {
		const sent = await run(world, {
			params: message('sendText', { chatId: rl('@bob_user'), text: 'draft' }),
		});
		const id = sent[0].json.id as number;
		const error = await runError(world, {
			params: message('edit', { chatId: rl('@bob_user'), messageId: id, text: undefined }),
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe("'text' of item 0 is empty");
		const out = await run(world, {
			params: message('edit', { chatId: rl('@bob_user'), messageId: id, text: 7 }),
		});
		expect(out[0].json).toMatchObject({ id, text: '7' });
	});

	it('takes a chat id given as a number', async () => {
		const out = await run(world, {
			params: message('sendText', { chatId: world.me.userId, text: 'note to self' }),
		});
		expect(out[0].json).toMatchObject({ chatId: String(world.me.userId), text: 'note to self' });
	});

	it('names an option of the wrong type by its path', async () => {
		const error = await runError(world, {
			params: message('sendText', {
				chatId: rl('@bob_user'),
				text: 'hi',
				options: { silent: 'maybe' },
			}),
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'\'options.silent\' of item 0 must be true or false; got the text "maybe"',
		);
	});

	it('History → Collect names a limit that is not a number', async () => {
		const error = await runError(world, {
			params: {
				resource: 'history',
				operation: 'collect',
				chats: '@bob_user',
				returnAll: false,
				limit: 'ten',
			},
		});
		expect(error.message).toBe('\'limit\' of item 0 must be a number; got the text "ten"');
	});
});
