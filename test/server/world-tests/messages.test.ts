// GramJS against the loopback server: sending, exact history pages, pushed messages, injected
// errors and Telegram's error texts.
import { Api, type TelegramClient } from 'telegram';
import { NewMessage, type NewMessageEvent } from 'telegram/events';
import { FloodWaitError, RPCError } from 'telegram/errors';
import { withDeadline } from '../../helpers/deadline';
import { fixtureSuite } from './fixture';

async function rpcErrorOf(p: Promise<unknown>): Promise<RPCError> {
	try {
		await withDeadline(p, 10_000, 'request');
	} catch (e) {
		if (e instanceof RPCError) return e;
		throw e;
	}
	throw new Error('expected an RPC error');
}

describe('messages over GramJS', () => {
	const f = fixtureSuite();
	let alice: { userId: number; session?: string };
	let bob: { userId: number; session?: string };
	let ca: TelegramClient;

	beforeAll(async () => {
		alice = f.ts.control.createAccount({
			phone: '+15550001',
			firstName: 'Alice',
			username: 'alice_demo',
		});
		bob = f.ts.control.createAccount({
			phone: '+15550002',
			firstName: 'Bob',
			username: 'bob_demo',
		});
		ca = await f.connect({ session: alice.session });
	});

	it('sends 250 messages and reads them back over exact pages', async () => {
		// Two accounts of its own: fresh boxes number their messages from 1, whatever else was sent.
		const sender = f.ts.control.createAccount({ phone: '+15550003', firstName: 'Cleo' });
		const reader = f.ts.control.createAccount({
			phone: '+15550004',
			firstName: 'Dora',
			username: 'dora_demo',
		});
		const cs = await f.connect({ session: sender.session });
		const readerPeer = await cs.getInputEntity('dora_demo');
		const sent: number[] = [];
		for (let i = 1; i <= 250; i++)
			sent.push((await cs.sendMessage(readerPeer, { message: `m${i}` })).id);
		expect(sent).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));

		const pages: number[][] = [];
		let offsetId = 0;
		for (;;) {
			const r = await cs.invoke(
				new Api.messages.GetHistory({ peer: readerPeer, offsetId, limit: 100 }),
			);
			if (!(r instanceof Api.messages.MessagesSlice) && !(r instanceof Api.messages.Messages))
				throw new Error(r.className);
			if (r instanceof Api.messages.MessagesSlice) expect(r.count).toBe(250);
			const ids = r.messages.map((m) => m.id);
			if (!ids.length) break;
			pages.push(ids);
			offsetId = ids[ids.length - 1];
		}
		expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
		expect(pages.flat()).toEqual([...sent].reverse());

		const viaIter = await cs.getMessages(readerPeer, { limit: 250 });
		expect([...viaIter].map((m) => m.id)).toEqual([...sent].reverse());
		expect(viaIter[0].message).toBe('m250');

		// The reader's box got its own copies, unread until she reads them.
		const cb = await f.connect({ session: reader.session });
		const [dialog] = await cb.getDialogs({ limit: 1 });
		expect(dialog.unreadCount).toBe(250);
		await cb.markAsRead(dialog.entity!);
		const [after] = await cb.getDialogs({ limit: 1 });
		expect(after.unreadCount).toBe(0);
	});

	it('delivers a pushed message to a NewMessage handler', async () => {
		const got = new Promise<NewMessageEvent>((resolve) =>
			ca.addEventHandler(resolve, new NewMessage({ incoming: true })),
		);
		f.ts.control.pushMessage({ fromId: bob.userId, toUserId: alice.userId, text: 'ping from bob' });
		const ev = await withDeadline(got, 5000, 'NewMessage');
		expect(ev.message.message).toBe('ping from bob');
		expect(String(ev.message.senderId)).toBe(String(bob.userId));
		const sender = (await ev.message.getSender()) as Api.User;
		expect(sender.username).toBe('bob_demo');
	});

	it('lets FLOOD_WAIT over the threshold reach the client as FloodWaitError', async () => {
		f.ts.control.injectError({ method: 'messages.SendMessage', error: 'FLOOD_WAIT_120' });
		let err: unknown;
		try {
			await withDeadline(ca.sendMessage('bob_demo', { message: 'too fast' }), 5000, 'send');
		} catch (e) {
			err = e;
		}
		expect(err).toBeInstanceOf(FloodWaitError);
		expect((err as FloodWaitError).seconds).toBe(120);
		// Consumed once: the next send goes through.
		await expect(ca.sendMessage('bob_demo', { message: 'later' })).resolves.toBeDefined();
		const log = f.ts.control.rpcLog({ method: 'messages.SendMessage' });
		expect(log.some((e) => e.error === 'FLOOD_WAIT_120')).toBe(true);
	});

	it('answers Telegram error texts', async () => {
		const bobPeer = await ca.getInputEntity('bob_demo');
		const send = (message: string) =>
			ca.invoke(new Api.messages.SendMessage({ peer: bobPeer, message }));
		expect((await rpcErrorOf(send('x'.repeat(4097)))).errorMessage).toBe('MESSAGE_TOO_LONG');
		expect((await rpcErrorOf(send(''))).errorMessage).toBe('MESSAGE_EMPTY');
		expect(
			(await rpcErrorOf(ca.invoke(new Api.contacts.ResolveUsername({ username: 'nobody_here' }))))
				.errorMessage,
		).toBe('USERNAME_NOT_OCCUPIED');
		expect(
			(await rpcErrorOf(ca.invoke(new Api.contacts.ResolveUsername({ username: 'a-b' }))))
				.errorMessage,
		).toBe('USERNAME_INVALID');
		const wrongHash = new Api.InputPeerUser({
			userId: (bobPeer as Api.InputPeerUser).userId,
			accessHash: (bobPeer as Api.InputPeerUser).accessHash.add(1),
		});
		expect(
			(
				await rpcErrorOf(
					ca.invoke(new Api.messages.SendMessage({ peer: wrongHash, message: 'hi' })),
				)
			).errorMessage,
		).toBe('PEER_ID_INVALID');
		const edit = ca.invoke(
			new Api.messages.EditMessage({ peer: bobPeer, id: 99999, message: 'x' }),
		);
		expect((await rpcErrorOf(edit)).errorMessage).toBe('MESSAGE_ID_INVALID');
		const unknown = await rpcErrorOf(ca.invoke(new Api.messages.GetStickers({ emoticon: '🙂' })));
		expect(unknown.code).toBe(400);
		expect(unknown.errorMessage).toBe('METHOD_NOT_IMPLEMENTED_messages.GetStickers');

		const ch = f.ts.control.createChannel({
			title: 'News',
			creatorId: bob.userId,
			username: 'news_demo',
			memberIds: [alice.userId],
		});
		const chPeer = await ca.getInputEntity('news_demo');
		const post = await rpcErrorOf(
			ca.invoke(new Api.messages.SendMessage({ peer: chPeer, message: 'not admin' })),
		);
		expect([post.code, post.errorMessage]).toEqual([403, 'CHAT_WRITE_FORBIDDEN']);
		expect(ch.channelId).toBeGreaterThan(0);

		const secret = f.ts.control.createChannel({ title: 'Secret', creatorId: bob.userId });
		const input = new Api.InputChannel({
			channelId: (chPeer as Api.InputPeerChannel).channelId.add(secret.channelId - ch.channelId),
			accessHash: (chPeer as Api.InputPeerChannel).accessHash,
		});
		expect(
			(await rpcErrorOf(ca.invoke(new Api.channels.JoinChannel({ channel: input })))).errorMessage,
		).toBe('CHANNEL_INVALID');
	});

	it('edits and deletes reach the other side', async () => {
		const cb = await f.connect({ session: bob.session });
		const edited = new Promise<Api.TypeUpdate>((resolve) =>
			cb.addEventHandler((u: Api.TypeUpdate) => {
				if (u instanceof Api.UpdateEditMessage) resolve(u);
			}),
		);
		// A message of its own before, so the deleted one has something to leave behind.
		await ca.sendMessage('bob_demo', { message: 'kept' });
		const m = await ca.sendMessage('bob_demo', { message: 'typo' });
		await ca.editMessage('bob_demo', { message: m.id, text: 'fixed' });
		const u = (await withDeadline(edited, 5000, 'edit update')) as Api.UpdateEditMessage;
		expect((u.message as Api.Message).message).toBe('fixed');
		await ca.deleteMessages('bob_demo', [m.id], { revoke: true });
		const [last] = await cb.getMessages('alice_demo', { limit: 1 });
		expect(last.message).toBe('kept');
	});

	it('answers AUTH_KEY_UNREGISTERED after the key is revoked', async () => {
		const extra = f.ts.control.createSession({ userId: alice.userId });
		const c = await f.connect({ session: extra.session });
		await expect(c.invoke(new Api.updates.GetState())).resolves.toBeInstanceOf(Api.updates.State);
		f.ts.control.revokeAuthKey({ session: extra.session });
		const e = await rpcErrorOf(c.invoke(new Api.updates.GetState()));
		expect([e.code, e.errorMessage]).toEqual([401, 'AUTH_KEY_UNREGISTERED']);
	});
	it('keeps a scheduled message out of the history', async () => {
		// Its own history first: the test must not depend on what earlier tests sent.
		await ca.sendMessage('bob_demo', { message: 'today' });
		const when = Math.floor(Date.now() / 1000) + 3600;
		const m = await ca.sendMessage('bob_demo', { message: 'tomorrow', schedule: when });
		expect(m.date).toBe(when);
		const [last] = await ca.getMessages('bob_demo', { limit: 1 });
		expect(last.message).toBe('today');
		const sent = f.ts.control.sentMessages({ userId: alice.userId });
		expect(sent[sent.length - 1]).toMatchObject({ text: 'tomorrow', scheduled: true, date: when });
	});
});
