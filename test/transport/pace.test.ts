// The send pace belongs to the account: two credentials (two sessions) of one account share it,
// and a stopped execution ends its wait at once.
import { withCancelSignal } from '../../nodes/shared/transport/cancel';
import { TelegramAccountClient } from '../../nodes/shared/transport/client';
import { resetSendPace, waitForSendSlot } from '../../nodes/shared/transport/pace';
import { withDeadline } from '../helpers/deadline';
import { credential } from './fixtures';
import { trackHandles } from './handles';
import { StubWorld } from './stubWorld';

let world: StubWorld;
const expectNoLeaks = trackHandles();
const clients: TelegramAccountClient[] = [];

async function loggedIn(): Promise<TelegramAccountClient> {
	const c = new TelegramAccountClient(credential(world, { session: world.session().session }));
	clients.push(c);
	await withDeadline(c.open(), 5000, 'open');
	return c;
}

beforeAll(async () => {
	world = await new StubWorld().start();
});

afterEach(async () => {
	resetSendPace();
	await Promise.all(clients.splice(0).map(async (c) => await c.destroy()));
});

afterAll(async () => {
	await world.server.stop();
	await expectNoLeaks();
});

describe('send pace', () => {
	it('is shared by two credentials of one account, and a cancelled execution stops waiting', async () => {
		const [first, second] = [await loggedIn(), await loggedIn()];
		// One send per 100 s: the first takes the slot now, the next one of the account must wait.
		await withDeadline(waitForSendSlot(first, 0.01), 5000, 'first slot');
		const stop = new AbortController();
		const waiting = withCancelSignal(stop.signal, async () => await waitForSendSlot(second, 0.01));
		const outcome = waiting.then(
			() => 'sent without waiting',
			(e: unknown) => e,
		);
		stop.abort();
		expect(await withDeadline(outcome, 5000, 'cancelled wait')).toMatchObject({
			kind: 'cancelled',
		});
	});

	it('does not hold back a send when no pace is set', async () => {
		const c = await loggedIn();
		await withDeadline(
			Promise.all([waitForSendSlot(c, 0), waitForSendSlot(c, 0)]),
			2000,
			'unpaced sends',
		);
	});
});
