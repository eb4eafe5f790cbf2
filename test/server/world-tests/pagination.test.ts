// World unit tests, no sockets: history windows, dialog pages and difference slices as Telegram
// defines them (core.telegram.org/api/offsets).
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { Control } from '../control/control';
import { expectNoLeakedHandles, handleSnapshot } from '../../helpers/leaks';
import { historyPage } from '../world/history';
import { directWorld } from './direct';

const asc = Array.from({ length: 250 }, (_, i) => i + 1);
const page = (q: Parameters<typeof historyPage>[2]) => historyPage(asc, (id) => 1000 + id, q).ids;
const range = (from: number, to: number) => {
	const out: number[] = [];
	for (let i = from; from >= to ? i >= to : i <= to; from >= to ? i-- : i++) out.push(i);
	return out;
};

let before: ReturnType<typeof handleSnapshot>;
beforeAll(() => {
	before = handleSnapshot();
});
afterAll(() => expectNoLeakedHandles(before));

describe('historyPage', () => {
	it('pages newest first from offset_id, exclusive', () => {
		expect(page({ limit: 100 })).toEqual(range(250, 151));
		expect(page({ offsetId: 151, limit: 100 })).toEqual(range(150, 51));
		expect(page({ offsetId: 51, limit: 100 })).toEqual(range(50, 1));
		expect(page({ offsetId: 1, limit: 100 })).toEqual([]);
		expect(historyPage(asc, () => 0, { offsetId: 151, limit: 100 }).offsetIdOffset).toBe(100);
	});

	it('shifts the window by add_offset (newer with -limit, around with -limit/2)', () => {
		expect(page({ offsetId: 101, addOffset: -100, limit: 100 })).toEqual(range(200, 101));
		expect(page({ offsetId: 101, addOffset: -10, limit: 20 })).toEqual(range(110, 91));
		// Near the top the window is cut, not moved.
		expect(page({ offsetId: 240, addOffset: -100, limit: 100 })).toEqual(range(250, 240));
	});

	it('applies min_id / max_id after slicing', () => {
		expect(page({ limit: 100, minId: 200 })).toEqual(range(250, 201));
		expect(page({ limit: 100, maxId: 240 })).toEqual(range(239, 151));
		expect(page({ limit: 100, maxId: 100 })).toEqual([]);
		expect(page({ offsetId: 101, addOffset: -100, limit: 100, minId: 150 })).toEqual(
			range(200, 151),
		);
	});

	it('starts at offset_date and caps the limit at 100 (0 = about 20)', () => {
		expect(page({ offsetDate: 1000 + 101, limit: 5 })).toEqual(range(100, 96));
		expect(page({ limit: 1000 }).length).toBe(100);
		expect(page({ limit: 0 }).length).toBe(20);
	});
});

describe('RPC handler, called directly', () => {
	function world() {
		const d = directWorld();
		const control = new Control(
			d.w,
			{ dcs: d.w.endpoints, setLatency: () => undefined } as never,
			{ add: () => undefined, all: () => [] } as never,
		);
		const me = d.w.addUser({ firstName: 'Me', phone: '15556000' }).id;
		return { ...d, control, me, s: d.session(me) };
	}

	it('answers messages.Messages for a whole history and a slice with its count otherwise', async () => {
		const { w, control, me, s, call } = world();
		const bob = w.addUser({ firstName: 'Bob', username: 'bob_direct' }).id;
		control.seedMessages({ between: [me, bob], count: 30 });
		const peer = new Api.InputPeerUser({
			userId: bigInt(bob),
			accessHash: bigInt(w.hashes.of(me, 'user', bob)),
		});
		const all = await call(s, new Api.messages.GetHistory({ peer, limit: 100 }));
		expect(all).toBeInstanceOf(Api.messages.Messages);
		const part = (await call(
			s,
			new Api.messages.GetHistory({ peer, limit: 10, offsetId: 21 }),
		)) as Api.messages.MessagesSlice;
		expect(part).toBeInstanceOf(Api.messages.MessagesSlice);
		expect(part.count).toBe(30);
		expect(part.messages.map((m) => m.id)).toEqual(range(20, 11));
		// Another account's access hash is refused.
		const wrong = new Api.InputPeerUser({
			userId: bigInt(bob),
			accessHash: bigInt(w.hashes.of(bob, 'user', bob)),
		});
		await expect(
			call(s, new Api.messages.GetHistory({ peer: wrong, limit: 1 })),
		).rejects.toMatchObject({ errorMessage: 'PEER_ID_INVALID' });
	});

	it('pages dialogs by offset_peer and keeps the archive apart', async () => {
		const { w, control, me, s, call } = world();
		const others = Array.from({ length: 7 }, (_, i) => w.addUser({ firstName: `U${i}` }).id);
		others.forEach((u, i) =>
			control.seedMessages({ between: [me, u], count: 1, startDate: 5000 + i * 10 }),
		);
		w.dialog(me, { type: 'user', id: others[0] }).folderId = 1;
		const seen: string[] = [];
		let offsetPeer: Api.TypeInputPeer = new Api.InputPeerEmpty();
		let offsetDate = 0;
		for (let guard = 0; guard < 5; guard++) {
			const r = (await call(
				s,
				new Api.messages.GetDialogs({
					offsetPeer,
					offsetDate,
					offsetId: 0,
					limit: 4,
					hash: bigInt(0),
				}),
			)) as Api.messages.DialogsSlice;
			if (guard === 0) expect(r).toBeInstanceOf(Api.messages.DialogsSlice);
			if (!r.dialogs.length) break;
			for (const d of r.dialogs) seen.push(String((d.peer as Api.PeerUser).userId));
			const last = r.dialogs[r.dialogs.length - 1].peer as Api.PeerUser;
			offsetPeer = new Api.InputPeerUser({
				userId: last.userId,
				accessHash: bigInt(w.hashes.of(me, 'user', Number(last.userId))),
			});
			offsetDate = (r.messages[r.messages.length - 1] as Api.Message).date;
		}
		expect(seen).toEqual(others.slice(1).reverse().map(String));
		const archive = (await call(
			s,
			new Api.messages.GetDialogs({
				offsetPeer: new Api.InputPeerEmpty(),
				offsetDate: 0,
				offsetId: 0,
				limit: 10,
				hash: bigInt(0),
				folderId: 1,
			}),
		)) as Api.messages.Dialogs;
		expect(archive).toBeInstanceOf(Api.messages.Dialogs);
		expect(archive.dialogs.map((d) => String((d.peer as Api.PeerUser).userId))).toEqual([
			String(others[0]),
		]);
	});

	it('slices getDifference at the limit with an intermediate state, and pushes live', async () => {
		const { w, control, me, s, call } = world();
		w.diffSliceLimit = 4;
		const bob = w.addUser({ firstName: 'Bob' }).id;
		const state = (await call(s, new Api.updates.GetState())) as Api.updates.State;
		for (let i = 1; i <= 9; i++) control.pushMessage({ fromId: bob, toUserId: me, text: `d${i}` });
		expect(s.pushed.length).toBe(9);
		const texts: string[] = [];
		let pts = state.pts;
		const kinds: string[] = [];
		for (let guard = 0; guard < 5; guard++) {
			const r = await call<Api.updates.TypeDifference>(
				s,
				new Api.updates.GetDifference({ pts, date: state.date, qts: 0 }),
			);
			kinds.push(r.className);
			if (r instanceof Api.updates.DifferenceSlice) {
				texts.push(...r.newMessages.map((m) => (m as Api.Message).message));
				pts = r.intermediateState.pts;
			} else if (r instanceof Api.updates.Difference) {
				texts.push(...r.newMessages.map((m) => (m as Api.Message).message));
				pts = r.state.pts;
				break;
			}
		}
		expect(kinds).toEqual([
			'updates.DifferenceSlice',
			'updates.DifferenceSlice',
			'updates.Difference',
		]);
		expect(texts).toEqual(range(1, 9).map((i) => `d${i}`));
		expect(pts).toBe(state.pts + 9);
	});

	it('names an unknown method and refuses a key that is not signed in', async () => {
		const { call, session, s } = world();
		await expect(
			call(s, new Api.messages.GetStickers({ emoticon: 'x', hash: bigInt(0) })),
		).rejects.toMatchObject({
			code: 400,
			errorMessage: 'METHOD_NOT_IMPLEMENTED_messages.GetStickers',
		});
		await expect(call(session(undefined), new Api.updates.GetState())).rejects.toMatchObject({
			code: 401,
			errorMessage: 'AUTH_KEY_UNREGISTERED',
		});
	});
});
