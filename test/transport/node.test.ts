import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { telegramAccountApiTest, telegramAppApiTest } from '../../nodes/shared/credentialTests';
import { closeAllClients, forgetDeadSessions, poolStats } from '../../nodes/shared/transport/pool';
import { TelegramAccount } from '../../nodes/TelegramAccount/TelegramAccount.node';
import { withDeadline } from '../helpers/deadline';
import { trackHandles } from './handles';
import { captureLogs } from '../helpers/logs';
import { credentialData } from './fixtures';
import { makeStringSession } from '../server/core';
import { API_HASH, StubWorld } from './stubWorld';

let world: StubWorld;
const expectNoLeaks = trackHandles();
const logs = captureLogs();
const secrets: string[] = [API_HASH];

/** The slice of IExecuteFunctions the router uses; everything else is n8n's business. */
function context(
	data: ICredentialDataDecryptedObject,
	items: number,
	continueOnFail = false,
	cancel?: AbortSignal,
): IExecuteFunctions {
	const node = {
		id: 'n1',
		name: 'Telegram Account',
		type: 'telegramAccount',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	return {
		getInputData: () => Array.from({ length: items }, (_, i) => ({ json: { i } })),
		getNodeParameter: (name: string) => ({ resource: 'account', operation: 'getMe' })[name],
		getCredentials: async () => data,
		getNode: () => node,
		continueOnFail: () => continueOnFail,
		getExecutionCancelSignal: () => cancel,
	} as unknown as IExecuteFunctions;
}

function loggedIn(): ICredentialDataDecryptedObject {
	const { session } = world.session();
	secrets.push(session);
	return credentialData(world, { session });
}

const test = async (fn: typeof telegramAccountApiTest, data: ICredentialDataDecryptedObject) =>
	await withDeadline(
		fn.call({} as never, { id: 'c', name: 'c', type: 't', data }),
		10_000,
		'credential test',
	);

beforeAll(async () => {
	world = await new StubWorld().start();
});

afterAll(async () => {
	await closeAllClients();
	await world.server.stop();
	await expectNoLeaks();
});

describe('Telegram Account node', () => {
	it('runs Get Me for every item on one pooled connection', async () => {
		// An empty pool to start: clients other tests left behind are not this run's.
		await closeAllClients();
		const data = loggedIn();
		const before = world.calls('help.GetConfig');
		const [out] = await withDeadline(
			new TelegramAccount().execute.call(context(data, 3)),
			8000,
			'execute',
		);
		expect(out).toHaveLength(3);
		out.forEach((item: INodeExecutionData, i: number) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ id: '1000', username: 'selfuser', chatId: '1000' });
		});
		// Plain JSON only: no library object survives a round trip through JSON, and no secret.
		expect(JSON.parse(JSON.stringify(out))).toEqual(out);
		for (const secret of [API_HASH, data.session as string])
			expect(JSON.stringify(out)).not.toContain(secret);
		expect(world.calls('help.GetConfig') - before).toBe(1);
		expect(poolStats().clients).toBe(1);
	});

	it('fails an item with a readable error, or continues when asked', async () => {
		const data = loggedIn();
		world.inject('users.GetUsers', 'FLOOD_WAIT_600', 420, 1);
		const error = await new TelegramAccount().execute
			.call(context(data, 2))
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toContain('600 seconds');
		expect((error as NodeApiError).context.itemIndex).toBe(0);
		world.inject('users.GetUsers', 'FLOOD_WAIT_600', 420, 1);
		const [out] = await new TelegramAccount().execute.call(context(data, 2, true));
		expect(out[0]).toMatchObject({
			json: { error: expect.stringContaining('600 seconds') },
			pairedItem: { item: 0 },
		});
		expect(out[1]).toMatchObject({ json: { id: '1000' }, pairedItem: { item: 1 } });
	});

	it('fails the remaining items at once on a dead session, with no connection per item', async () => {
		const data = loggedIn();
		// Telegram keeps saying so for a revoked session; the stub answers so for 50 calls.
		world.inject('users.GetUsers', 'SESSION_REVOKED', 401, 50);
		const opened = world.calls('help.GetConfig');
		const asked = world.calls('users.GetUsers');
		const [out] = await withDeadline(
			new TelegramAccount().execute.call(context(data, 5, true)),
			8000,
			'execute',
		);
		expect(out.map((item) => item.json.error)).toEqual(
			Array.from({ length: 5 }, () => expect.stringMatching(/revoked/i)),
		);
		expect(out.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(world.calls('help.GetConfig') - opened).toBe(1);
		expect(world.calls('users.GetUsers') - asked).toBe(1);
		world.faults.length = 0;
		forgetDeadSessions();
	});

	it('stops a flood wait when the execution is cancelled', async () => {
		const data = loggedIn();
		// Below the credential's Flood Wait Threshold (5 s): the node would sleep it through.
		world.inject('users.GetUsers', 'FLOOD_WAIT_5', 420, 1);
		const stop = new AbortController();
		const run = new TelegramAccount().execute
			.call(context(data, 1, false, stop.signal))
			.catch((e: unknown) => e);
		setTimeout(() => stop.abort(), 300);
		const error = await withDeadline(run, 4000, 'cancelled execute');
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toMatch(/cancelled/);
		// The shared client stays for the account's other executions.
		expect(poolStats().clients).toBeGreaterThan(0);
	});

	it('maps an invalid credential form to a NodeOperationError', async () => {
		const error = await new TelegramAccount().execute
			.call(context(credentialData(world, { apiId: 0 }), 1))
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/API ID/);
	});

	it('turns a bad credential into an n8n error without connecting', async () => {
		const error = await new TelegramAccount().execute
			.call(context(credentialData(world, { session: 'x' }), 1))
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toMatch(/session string is not valid/);
	});
});

describe('credential tests', () => {
	it('says who is logged in', async () => {
		expect(await test(telegramAccountApiTest, loggedIn())).toEqual({
			status: 'OK',
			message: 'Logged in as @selfuser (1000)',
		});
	});

	it.each([
		['no session yet', () => credentialData(world), /no session yet/],
		['a malformed session', () => credentialData(world, { session: '1abc' }), /not valid/],
		[
			'a revoked session',
			() => {
				const data = loggedIn();
				world.inject('users.GetUsers', 'SESSION_REVOKED', 401);
				return data;
			},
			/revoked.*Login node/,
		],
		[
			'an unreachable server',
			() => {
				// The session says where its server is; nothing listens there.
				const { record } = world.session();
				const session = makeStringSession({ dcId: 2, host: '127.0.0.1', port: 9, key: record.key });
				return credentialData(world, { session }, { customHost: '127.0.0.1', customPort: 9 });
			},
			/Could not connect/,
		],
		[
			'a forgotten key',
			() => {
				const { session, record } = world.session();
				world.authKeys.delete(record.id);
				return credentialData(world, { session }, { requestTimeout: 1 });
			},
			/does not know this session/,
		],
		[
			'a bad api_id',
			() => credentialData(world, { session: world.session().session, apiId: 5 }),
			/API ID \/ API Hash/,
		],
	])('gives a reason for %s', async (_what, data, message) => {
		const result = await test(telegramAccountApiTest, data());
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
	});

	it('checks api_id and api_hash for the app credential with a fresh DH handshake', async () => {
		expect(await test(telegramAppApiTest, credentialData(world))).toMatchObject({ status: 'OK' });
		const wrong = await test(telegramAppApiTest, credentialData(world, { apiHash: 'wrong-hash' }));
		expect(wrong).toMatchObject({
			status: 'Error',
			message: expect.stringMatching(/API ID \/ API Hash/),
		});
	});

	it('never logs or outputs a secret', async () => {
		// Its own failing check with a session in play: the scan does not rest on earlier tests.
		const from = logs.length;
		const data = loggedIn();
		world.inject('users.GetUsers', 'SESSION_REVOKED', 401);
		const result = await test(telegramAccountApiTest, data);
		expect(result.status).toBe('Error');
		expect(logs.length).toBeGreaterThan(from);
		for (const secret of secrets) expect(JSON.stringify(result)).not.toContain(secret);
		for (const line of logs) for (const secret of secrets) expect(line).not.toContain(secret);
	});
});
