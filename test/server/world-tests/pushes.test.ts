// What the server pushes to the other side, checked without sockets: read receipts, typing,
// and the sender's own other sessions (not the one that sent).
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions';
import { expectNoLeakedHandles, handleSnapshot } from '../../helpers/leaks';
import type { TLObject } from '../core/types';
import { directWorld } from './direct';

let before: ReturnType<typeof handleSnapshot>;
beforeAll(() => {
	before = handleSnapshot();
});
afterAll(() => expectNoLeakedHandles(before));

/** Pushed objects as a client reads them (message bytes are cached server-side). */
const read = (o: TLObject) => new BinaryReader(o.getBytes()).tgReadObject() as Api.TypeUpdates;
const updatesOf = (pushed: TLObject[]) =>
	pushed
		.map(read)
		.flatMap((u) =>
			u instanceof Api.Updates ? u.updates : u instanceof Api.UpdateShort ? [u.update] : [],
		);

describe('pushes', () => {
	it('tells the sender when its message is read, and shows typing', async () => {
		const d = directWorld();
		const alice = d.w.addUser({ firstName: 'Alice' }).id;
		const bob = d.w.addUser({ firstName: 'Bob' }).id;
		const a1 = d.session(alice);
		const a2 = d.session(alice);
		const b = d.session(bob);
		const toBob = new Api.InputPeerUser({
			userId: bigInt(bob),
			accessHash: bigInt(d.w.hashes.of(alice, 'user', bob)),
		});
		const toAlice = new Api.InputPeerUser({
			userId: bigInt(alice),
			accessHash: bigInt(d.w.hashes.of(bob, 'user', alice)),
		});

		const sent = await d.call<Api.UpdateShortSentMessage>(
			a1,
			new Api.messages.SendMessage({ peer: toBob, message: 'hi', randomId: bigInt(1) }),
		);
		expect(sent).toBeInstanceOf(Api.UpdateShortSentMessage);
		expect(a1.pushed).toEqual([]);
		// Alice's other session and Bob get the short form, as Telegram sends a plain text.
		const mine = read(a2.pushed[0]) as Api.UpdateShortMessage;
		expect([mine.className, mine.out, mine.id, String(mine.userId)]).toEqual([
			'UpdateShortMessage',
			true,
			sent.id,
			String(bob),
		]);
		const incoming = read(b.pushed[0]) as Api.UpdateShortMessage;
		expect([incoming.className, incoming.message, incoming.out]).toEqual([
			'UpdateShortMessage',
			'hi',
			false,
		]);
		expect(String(incoming.userId)).toBe(String(alice));

		await d.call(
			b,
			new Api.messages.SetTyping({ peer: toAlice, action: new Api.SendMessageTypingAction() }),
		);
		expect(updatesOf(a1.pushed).map((u) => u.className)).toEqual(['UpdateUserTyping']);

		const affected = await d.call<Api.messages.AffectedMessages>(
			b,
			new Api.messages.ReadHistory({ peer: toAlice, maxId: 0 }),
		);
		expect(affected.ptsCount).toBe(1);
		const receipt = updatesOf(a1.pushed).find(
			(u) => u instanceof Api.UpdateReadHistoryOutbox,
		) as Api.UpdateReadHistoryOutbox;
		expect(receipt.maxId).toBe(sent.id);
		const dialogs = await d.call<Api.messages.PeerDialogs>(
			a1,
			new Api.messages.GetPeerDialogs({ peers: [new Api.InputDialogPeer({ peer: toBob })] }),
		);
		expect((dialogs.dialogs[0] as Api.Dialog).readOutboxMaxId).toBe(sent.id);
	});
});
