// Injected errors that let a number of calls through first (`skip`), so a storm can be spread over
// a long run; rules waiting side by side each count every matching call.
import { Api, type TelegramClient } from 'telegram';
import { fixtureSuite } from './fixture';

describe('fault rules with skip', () => {
	const f = fixtureSuite();
	const getSelf = (c: TelegramClient) =>
		c.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] })).then(
			() => 'ok',
			(e: { errorMessage?: string }) => e.errorMessage ?? 'failed',
		);

	it('fails exactly the calls after the given number of matching ones', async () => {
		const me = f.ts.control.createAccount({
			phone: '+15559200001',
			firstName: 'Skip',
			session: true,
		});
		const client = await f.connect({ session: me.session });
		f.ts.control.injectError({ method: 'users.GetUsers', error: 'USER_ID_INVALID', skip: 2 });
		f.ts.control.injectError({ method: 'users.GetUsers', error: 'PEER_ID_INVALID', skip: 4 });
		const outcomes: string[] = [];
		for (let i = 0; i < 6; i++) outcomes.push(await getSelf(client));
		expect(outcomes).toEqual(['ok', 'ok', 'USER_ID_INVALID', 'ok', 'PEER_ID_INVALID', 'ok']);
	});
});
