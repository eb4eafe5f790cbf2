import { TelegramAccountClient } from '../../nodes/shared/transport/client';
import { InputError } from '../../nodes/shared/transport/errors';
import { resolvePeer } from '../../nodes/shared/transport/peers';
import { withDeadline } from '../helpers/deadline';
import { trackHandles } from './handles';
import { credential } from './fixtures';
import { StubWorld } from './stubWorld';

let world: StubWorld;
let client: TelegramAccountClient;
const expectNoLeaks = trackHandles();

beforeAll(async () => {
	world = await new StubWorld().start();
	const { session } = world.session();
	client = new TelegramAccountClient(credential(world, { session }));
	await withDeadline(client.open(), 5000, 'open');
});

afterAll(async () => {
	await client.destroy();
	await world.server.stop();
	await expectNoLeaks();
});

const resolve = async (value: string) =>
	await withDeadline(resolvePeer(client, value), 5000, `resolve ${value}`);

describe('resolvePeer against the loopback server', () => {
	it.each([
		['me', '1000', 'InputPeerSelf'],
		['@alice_a', '2001', 'InputPeerUser'],
		['https://t.me/alice_a', '2001', 'InputPeerUser'],
		['+15550002001', '2001', 'InputPeerUser'],
		['@news_chan', '-1004001', 'InputPeerChannel'],
		['-3001', '-3001', 'InputPeerChat'],
	])('%s', async (value, chatId, inputClass) => {
		const peer = await resolve(value);
		expect(peer.chatId).toBe(chatId);
		expect(peer.inputPeer.className).toBe(inputClass);
		expect(peer.entity).toBeDefined();
	});

	it('keeps the message id of a post link', async () => {
		const peer = await resolve('https://t.me/news_chan/77');
		expect(peer).toMatchObject({ chatId: '-1004001', messageId: 77 });
	});

	it('finds numeric ids it never saw through the dialogs, once', async () => {
		// A client of its own: the shared one may already know these peers from earlier tests.
		const fresh = new TelegramAccountClient(
			credential(world, { session: world.session().session }),
		);
		const resolveFresh = async (value: string) =>
			await withDeadline(resolvePeer(fresh, value), 5000, `resolve ${value}`);
		try {
			await withDeadline(fresh.open(), 5000, 'open');
			const dialogsBefore = world.calls('messages.GetDialogs');
			const user = await resolveFresh('2002');
			expect(user.chatId).toBe('2002');
			expect(user.inputPeer).toMatchObject({ className: 'InputPeerUser' });
			expect(world.calls('messages.GetDialogs')).toBe(dialogsBefore + 1);
			// The same scan taught the client every peer in it: no further request.
			const supergroup = await resolveFresh('https://t.me/c/4002/5');
			expect(supergroup).toMatchObject({ chatId: '-1004002', messageId: 5 });
			expect(world.calls('messages.GetDialogs')).toBe(dialogsBefore + 1);
		} finally {
			await fresh.destroy();
		}
	});

	it("takes the account's own numeric id without a dialog or a scan", async () => {
		const fresh = new TelegramAccountClient(
			credential(world, { session: world.session().session }),
		);
		try {
			await withDeadline(fresh.open(), 5000, 'open');
			const dialogsBefore = world.calls('messages.GetDialogs');
			const self = await withDeadline(resolvePeer(fresh, 1000), 5000, 'resolve own id');
			expect(self.chatId).toBe('1000');
			expect(self.inputPeer.className).toBe('InputPeerSelf');
			expect(world.calls('messages.GetDialogs')).toBe(dialogsBefore);
		} finally {
			await fresh.destroy();
		}
	});

	it('resolves each distinct peer once per client, even when asked concurrently', async () => {
		const before = world.calls('contacts.ResolveUsername');
		const fresh = new TelegramAccountClient(
			credential(world, { session: world.session().session }),
		);
		try {
			await fresh.open();
			await Promise.all(
				Array.from({ length: 10 }, async () => await resolvePeer(fresh, '@Alice_A')),
			);
			await resolvePeer(fresh, 't.me/alice_a');
			expect(world.calls('contacts.ResolveUsername')).toBe(before + 1);
		} finally {
			await fresh.destroy();
		}
	});

	it('says how to fix an id the account cannot reach', async () => {
		const error = await resolve('987654321').catch((e: unknown) => e);
		expect(error).toBeInstanceOf(InputError);
		expect((error as InputError).message).toContain('987654321');
		expect((error as InputError).description).toMatch(/@username|t\.me/);
		// A failure is not cached: the next try asks again.
		const before = world.calls('messages.GetDialogs');
		await resolve('987654321').catch(() => undefined);
		expect(world.calls('messages.GetDialogs')).toBe(before + 1);
	});

	it("passes Telegram's answer for an unknown username", async () => {
		await expect(resolve('@nobody_here')).rejects.toMatchObject({
			errorMessage: 'USERNAME_NOT_OCCUPIED',
		});
	});
});
