// Telegram's AUTH_KEY_DUPLICATED rule: one auth key used from two client addresses at once is
// invalidated for good (406 on every later request); several connections of one key from one
// address are fine. Each client here connects from its own loopback address (test/queue/place.cjs).
import { Api, type TelegramClient } from 'telegram';
import { fixtureSuite } from './fixture';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bindPlace } = require('../../queue/place.cjs') as {
	bindPlace(address: string, ports: number[]): () => void;
};

describe('one auth key from two places (AUTH_KEY_DUPLICATED)', () => {
	const f = fixtureSuite();

	/** A client whose connections come from `address` (bound only while it connects). */
	async function connectFrom(address: string, session: string): Promise<TelegramClient> {
		const undo = bindPlace(
			address,
			f.ts.dcs.map((d) => d.port),
		);
		try {
			return await f.connect({ session });
		} finally {
			undo();
		}
	}

	const getSelf = (c: TelegramClient) =>
		c.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));

	it('allows two connections of one key from one address', async () => {
		const me = f.ts.control.createAccount({
			phone: '+15559100001',
			firstName: 'One',
			session: true,
		});
		const a = await connectFrom('127.0.0.1', me.session!);
		const b = await connectFrom('127.0.0.1', me.session!);
		await expect(getSelf(a)).resolves.toHaveLength(1);
		await expect(getSelf(b)).resolves.toHaveLength(1);
		const mine = f.ts.control.connections({ userId: me.userId });
		expect(mine).toHaveLength(2);
		expect(mine.map((c) => c.place)).toEqual(['127.0.0.1', '127.0.0.1']);
		expect(f.ts.control.duplicatedKeys({ userId: me.userId })).toEqual([]);
	});

	it('invalidates a key used from two addresses at once: both places then get 406', async () => {
		const me = f.ts.control.createAccount({
			phone: '+15559100002',
			firstName: 'Two',
			session: true,
		});
		const a = await connectFrom('127.0.0.21', me.session!);
		await expect(getSelf(a)).resolves.toHaveLength(1);
		// GramJS's connect() itself sends initConnection(help.getConfig): it fails there, as with
		// Telegram ("caused by InvokeWithLayer").
		await expect(connectFrom('127.0.0.22', me.session!)).rejects.toMatchObject({
			code: 406,
			errorMessage: 'AUTH_KEY_DUPLICATED',
		});
		await expect(getSelf(a)).rejects.toMatchObject({ errorMessage: 'AUTH_KEY_DUPLICATED' });
		expect(f.ts.control.duplicatedKeys({ userId: me.userId })).toHaveLength(1);
		const log = f.ts.control.rpcLog({ userId: me.userId }).filter((e) => e.error);
		expect(log.map((e) => e.error)).toContain('AUTH_KEY_DUPLICATED');
	});

	it('lets a key move to a new address once the old one has disconnected', async () => {
		const me = f.ts.control.createAccount({
			phone: '+15559100003',
			firstName: 'Move',
			session: true,
		});
		const a = await connectFrom('127.0.0.31', me.session!);
		await expect(getSelf(a)).resolves.toHaveLength(1);
		await a.destroy();
		const until = Date.now() + 3000;
		while (f.ts.control.connections({ userId: me.userId }).length && Date.now() < until) {
			await new Promise((r) => setTimeout(r, 20));
		}
		const b = await connectFrom('127.0.0.32', me.session!);
		await expect(getSelf(b)).resolves.toHaveLength(1);
		expect(f.ts.control.duplicatedKeys({ userId: me.userId })).toEqual([]);
	});
});
