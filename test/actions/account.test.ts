import { closeAllClients, poolStats } from '../../nodes/shared/transport/pool';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { LEAK_GRACE_MS, run, startWorld, type World } from './fixture';

/** Taken inside beforeAll: jest's own hook timer then counts on both sides. */
let handles: HandleCounts;
let world: World;

beforeAll(async () => {
	handles = handleSnapshot();
	world = await startWorld();
});

afterAll(async () => {
	await world.close();
	await expectNoLeakedHandles(handles, LEAK_GRACE_MS);
});

const account = (operation: string) => ({ resource: 'account', operation });

describe('Account → Session Status / Log Out', () => {
	it('reports an authorized session: who and which DC', async () => {
		const out = await run(world, { params: account('sessionStatus') });
		expect(out[0].json).toMatchObject({
			authorized: true,
			user: { id: String(world.me.userId), username: 'ada_self', isSelf: true },
			dcId: world.ts.dcs[0].id,
			server: 'custom',
			problem: null,
		});
	});

	it('logs out for good, says so, and drops the pooled client', async () => {
		// A session of its own: logging out revokes it, and the other tests keep theirs.
		const { session } = world.ts.control.createSession({ userId: world.me.userId });
		world.secrets.push(session);
		const credentials = { ...world.credentials(), session };
		const logOutsBefore = world.ts.control.rpcLog({ method: 'auth.LogOut' }).length;
		await closeAllClients();
		const out = await run(world, { params: account('logOut'), credentials });
		expect(out[0].json).toMatchObject({
			loggedOut: true,
			message: expect.stringMatching(/revoked/),
		});
		expect(world.ts.control.rpcLog({ method: 'auth.LogOut' })).toHaveLength(logOutsBefore + 1);
		expect(poolStats().clients).toBe(0);
		const after = await run(world, { params: account('sessionStatus'), credentials });
		expect(after[0].json).toMatchObject({
			authorized: false,
			user: null,
			problem: expect.stringMatching(/not logged in|AUTH_KEY_UNREGISTERED/),
		});
	});
});
