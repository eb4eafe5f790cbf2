// Seeding 100,000 messages must take seconds, and the history stays exact at that size.
import { Api } from 'telegram';
import { fixtureSuite } from './fixture';

describe('a large seeded history', () => {
	const f = fixtureSuite();

	it('seeds 100,000 channel posts and pages through them exactly', async () => {
		const admin = f.ts.control.createAccount({
			phone: '+15554001',
			firstName: 'Admin',
			session: false,
		});
		const reader = f.ts.control.createAccount({ phone: '+15554002', firstName: 'Reader' });
		const { channelId } = f.ts.control.createChannel({
			title: 'Archive',
			creatorId: admin.userId,
			username: 'big_archive',
			memberIds: [reader.userId],
		});
		const seeded = f.ts.control.seedMessages({ channelId, count: 100_000, text: 'post {i}' });
		// Timed, not asserted: these machines are shared.
		console.log(`seeded 100,000 channel messages in ${seeded.ms} ms`);
		expect(seeded.lastId - seeded.firstId).toBe(99_999);

		const c = await f.connect({ session: reader.session });
		const peer = await c.getInputEntity('big_archive');
		const page = (await c.invoke(
			new Api.messages.GetHistory({ peer, offsetId: 50_001, limit: 100 }),
		)) as Api.messages.ChannelMessages;
		expect(page.count).toBe(100_001);
		expect(page.messages.map((m) => m.id)).toEqual(
			Array.from({ length: 100 }, (_, i) => 50_000 - i),
		);
		expect((page.messages[0] as Api.Message).message).toBe('post 49999');
		const t0 = Date.now();
		const all = await c.getMessages(peer, { limit: 3000 });
		console.log(
			`read 3,000 messages through GramJS in ${Date.now() - t0} ms; server handler ms: ${f.ts.control
				.rpcLog({ method: 'messages.GetHistory' })
				.map((e) => e.ms)
				.join(',')}`,
		);
		expect(all[0].id).toBe(seeded.lastId);
		expect(all[2999].id).toBe(seeded.lastId - 2999);
	});
	it('seeds 100,000 private messages (two boxes) and counts them per box', async () => {
		const a = f.ts.control.createAccount({ phone: '+15554003', firstName: 'Ann' });
		const b = f.ts.control.createAccount({
			phone: '+15554004',
			firstName: 'Ben',
			username: 'ben_seed',
		});
		const seeded = f.ts.control.seedMessages({ between: [a.userId, b.userId], count: 100_000 });
		console.log(`seeded 100,000 private messages (200,000 box copies) in ${seeded.ms} ms`);
		const c = await f.connect({ session: a.session });
		const peer = await c.getInputEntity('ben_seed');
		const page = (await c.invoke(
			new Api.messages.GetHistory({ peer, offsetId: 0, limit: 3 }),
		)) as Api.messages.MessagesSlice;
		expect(page.count).toBe(100_000);
		expect(page.messages.map((m) => (m as Api.Message).message)).toEqual([
			'Message 100000',
			'Message 99999',
			'Message 99998',
		]);
	});
});
