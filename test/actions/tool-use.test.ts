// The node run by an AI agent: destructive operations refused unless the user allows them, no
// operation chosen by an expression, no phone numbers the model did not ask for, bounded history.
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { LEAK_GRACE_MS, rl, run, runError, startWorld, type World } from './fixture';

let handles: HandleCounts;
let world: World;
let bob: number;
let teamId: number;

beforeAll(async () => {
	handles = handleSnapshot();
	world = await startWorld();
	const c = world.ts.control;
	bob = c.createUser({ firstName: 'Bob', username: 'bob_user', phone: '+15550002000' }).userId;
	teamId = c.createChannel({
		title: 'Team',
		creatorId: bob,
		username: 'team_chat',
		memberIds: [world.me.userId],
	}).channelId;
});

afterAll(async () => {
	await world.close();
	await expectNoLeakedHandles(handles, LEAK_GRACE_MS);
});

const calls = (method: string) => world.ts.control.rpcLog({ method }).length;

async function sendToBob(text: string): Promise<number> {
	const out = await run(world, {
		params: { resource: 'message', operation: 'sendText', chatId: rl('@bob_user'), text },
	});
	return out[0].json.id as number;
}

describe('AI tool use', () => {
	it.each(['variant', 'supplyData'] as const)(
		'refuses Log Out, Delete, Edit and Leave as a tool (%s), before reaching Telegram',
		async (tool) => {
			const id = await sendToBob('keep me');
			const before = world.ts.control.rpcLog().length;
			const params = [
				{ resource: 'account', operation: 'logOut' },
				{ resource: 'message', operation: 'delete', chatId: rl('@bob_user'), messageIds: `${id}` },
				{
					resource: 'message',
					operation: 'edit',
					chatId: rl('@bob_user'),
					messageId: `${id}`,
					text: 'changed',
				},
				{ resource: 'chat', operation: 'leave', chatId: rl('@team_chat') },
			];
			for (const p of params) {
				const error = await runError(world, { params: p, tool });
				expect(error.message).toMatch(/is not allowed for an AI agent/);
				expect(error.description).toMatch(/Allow Destructive Operations/);
			}
			// Under Continue On Fail the refusal is the item's output, for the model to read.
			const [item] = await run(world, { params: params[1], tool, continueOnFail: true });
			expect(item.json.error).toMatch(/Delete Message .* is not allowed/);
			expect(world.ts.control.rpcLog().length).toBe(before);
			expect(world.ts.world.box(bob).msgs.size).toBeGreaterThan(0);
			expect([...world.ts.world.box(bob).msgs.values()].at(-1)!.core.text).toBe('keep me');
			expect(world.ts.world.channels.get(teamId)!.members.has(world.me.userId)).toBe(true);
		},
	);

	it('runs a destructive operation as a tool only when the user switched it on', async () => {
		const id = await sendToBob('delete me');
		const params = {
			resource: 'message',
			operation: 'delete',
			chatId: rl('@bob_user'),
			messageIds: `${id}`,
			revoke: true,
		};
		// A model filling the switch through $fromAI does not count: only a stored true does.
		const error = await runError(world, {
			params: { ...params, allowDestructiveInToolUse: true },
			rawParameters: { ...params, allowDestructiveInToolUse: "={{ $fromAI('allow') }}" },
			tool: 'variant',
		});
		expect(error.message).toMatch(/not allowed for an AI agent/);
		expect(calls('messages.DeleteMessages')).toBe(0);
		const allowed = { ...params, allowDestructiveInToolUse: true };
		const out = await run(world, { params: allowed, tool: 'variant' });
		expect(out[0].json).toMatchObject({ deletedCount: 1 });
		expect(calls('messages.DeleteMessages')).toBe(1);
	});

	it('refuses an operation or resource given as an expression, as a tool or not', async () => {
		const cases = [
			{ operation: "={{ $fromAI('operation') }}", resource: 'account' },
			{ operation: 'logOut', resource: "={{ $fromAI('resource') }}" },
		];
		for (const tool of ['variant', undefined] as const) {
			for (const raw of cases) {
				const error = await runError(world, {
					params: { resource: 'account', operation: 'logOut', allowDestructiveInToolUse: true },
					rawParameters: { ...raw, allowDestructiveInToolUse: true },
					tool,
				});
				expect(error.message).toMatch(/is an expression, which this node refuses/);
			}
		}
		expect(calls('auth.LogOut')).toBe(0);
	});

	it('gives a model no phone numbers unless the tool asks for them', async () => {
		const status = { resource: 'account', operation: 'sessionStatus' };
		const plain = await run(world, { params: status });
		expect(plain[0].json.user).toMatchObject({ phone: expect.stringMatching(/\d{6}/) });
		const phone = String((plain[0].json.user as { phone: string }).phone);
		for (const tool of ['variant', 'supplyData'] as const) {
			const [out] = await run(world, { params: status, tool });
			expect(out.json).toMatchObject({ authorized: true, user: { username: 'ada_self' } });
			expect(JSON.stringify(out.json)).not.toContain(phone);
			expect(JSON.stringify(out.json)).not.toMatch(/"phone"|null/);
		}
		const asked = await run(world, {
			params: { ...status, includePhoneNumbersInToolUse: true },
			tool: 'variant',
		});
		expect(asked[0].json.user).toMatchObject({ phone });
	});

	it('gives a model at most 50 messages of a chat, without nulls or hashes; a workflow gets all', async () => {
		for (let i = 0; i < 70; i++) {
			world.ts.control.pushMessage({ fromId: bob, toUserId: world.me.userId, text: `m${i}` });
		}
		const collect = { resource: 'history', operation: 'collect', chats: '@bob_user' };
		const asTool = await run(world, { params: collect, tool: 'variant' }, 60_000);
		const messages = asTool.filter((i) => i.json.isSummary === undefined);
		expect(messages).toHaveLength(50);
		expect(messages[0].json.text).toBe('m69');
		const text = JSON.stringify(asTool.map((i) => i.json));
		expect(text).not.toMatch(/null|textHash|mediaHash/);
		const inWorkflow = await run(world, { params: collect }, 60_000);
		const all = inWorkflow.filter((i) => !i.json.isSummary);
		expect(all.length).toBeGreaterThanOrEqual(70);
		expect(all[0].json.textHash).toBeDefined();
	});

	it('tells a model what a file is instead of giving it binary data n8n would refuse', async () => {
		world.ts.control.pushMessage({
			fromId: bob,
			toUserId: world.me.userId,
			text: 'the contract',
			media: { kind: 'file', size: 120_000, fileName: 'contract.pdf' },
		});
		const id = [...world.ts.world.box(world.me.userId).msgs.values()].at(-1)!.id;
		const before = calls('upload.GetFile');
		const params = {
			resource: 'media',
			operation: 'download',
			chatId: rl('@bob_user'),
			messageId: String(id),
			options: {},
		};
		const [asTool] = await run(world, { params, tool: 'variant' });
		expect(asTool.binary).toBeUndefined();
		expect(asTool.json).toMatchObject({
			id,
			text: 'the contract',
			media: { type: 'document', fileName: 'contract.pdf', size: 120_000 },
		});
		expect((asTool.json.media as { fileNotPassed: string }).fileNotPassed).toMatch(/no file/);
		expect(calls('upload.GetFile')).toBe(before);
		// The same step in a workflow downloads the file.
		const [inWorkflow] = await run(world, { params });
		expect(inWorkflow.binary?.data?.fileName).toBe('contract.pdf');
	});
});
