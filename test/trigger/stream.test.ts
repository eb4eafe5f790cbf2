// The trigger's stream on synthetic events: order, one item per message, the position saved before
// each emit, de-duplication of replays, albums, the catch-up bounds and deletions.
import { ALBUM_WAIT_MS, CATCH_UP_QUIET_MS } from '../../nodes/TelegramAccountTrigger/gather';
import { PositionStore } from '../../nodes/TelegramAccountTrigger/position';
import { sleep } from '../helpers/deadline';
import { handleSnapshot, expectNoLeakedHandles } from '../helpers/leaks';
import { deleted, feed, message, photo, rig, settings, state } from './events';

let before: ReturnType<typeof handleSnapshot>;
beforeEach(() => (before = handleSnapshot()));
afterEach(async () => await expectNoLeakedHandles(before, 3000));

test('messages come out in order, one item each, with a chat id Send Text takes', async () => {
	const r = rig(settings(), { start: state(10) });
	feed(r, message({ id: 1, pts: 11, chatId: '42' }), message({ id: 2, pts: 12, chatId: '-55' }));
	feed(r, message({ id: 3, pts: 13, chatId: '-1007', megagroup: true }));
	await r.waitEmitted(3);
	expect(r.emitted.map((e) => [e.json.event, e.json.chatId, e.json.id])).toEqual([
		['new', '42', 1],
		['new', '-55', 2],
		['new', '-1007', 3],
	]);
	expect(r.emitted[0].json).toMatchObject({
		text: 'message 1',
		chatType: 'private',
		isCatchUp: false,
	});
	await r.stream.close();
});

test('the position and the unconfirmed message are saved before each emit', async () => {
	const r = rig(settings(), { start: state(10), autoDone: false });
	feed(r, message({ id: 1, pts: 11 }));
	await r.waitEmitted(1);
	const saved = r.emitted[0].saved as {
		position: { pts: number };
		pending: unknown[];
		seen: string[];
	};
	expect(saved.position.pts).toBe(11);
	expect(saved.pending).toEqual([{ key: '42:1', box: 'common', pts: 10, id: 1, emitted: true }]);
	expect(saved.seen).toEqual(['42:1']);
	// Once its execution finished, the next save no longer lists it.
	r.finish(0);
	await sleep(10);
	feed(r, message({ id: 2, pts: 12 }));
	await r.waitEmitted(2);
	expect(
		(r.emitted[1].saved as { pending: Array<{ key: string }> }).pending.map((p) => p.key),
	).toEqual(['42:2']);
	await r.stream.close();
});

test('filtered messages advance the position without an emit', async () => {
	const r = rig(settings({ textContains: 'buy' }), { start: state(10) });
	feed(r, message({ id: 1, pts: 11, text: 'hello' }), message({ id: 2, pts: 12, text: 'buy now' }));
	await r.waitEmitted(1);
	expect(r.texts()).toEqual(['buy now']);
	expect(r.stream.position().pts).toBe(12);
	await r.stream.close();
});

test('a replay of an emitted message is not emitted again; edits are events of their own', async () => {
	const r = rig(settings({ events: ['new', 'edited'] }), { start: state(10) });
	feed(r, message({ id: 1, pts: 11 }));
	await r.waitEmitted(1);
	feed(r, message({ id: 1, pts: 11 }), message({ id: 2, pts: 12 }));
	feed(r, message({ id: 1, pts: 13, kind: 'edited', editDate: 5, text: 'fixed' }));
	feed(r, message({ id: 1, pts: 14, kind: 'edited', editDate: 6, text: 'fixed again' }));
	await r.waitEmitted(4);
	await sleep(50);
	expect(r.emitted.map((e) => `${String(e.json.event)}:${String(e.json.id)}`)).toEqual([
		'new:1',
		'new:2',
		'edited:1',
		'edited:1',
	]);
	expect(r.texts().slice(2)).toEqual(['fixed', 'fixed again']);
	await r.stream.close();
});

test('deleted: ids, the chat and the text where the trigger saw the message', async () => {
	const r = rig(settings({ events: ['new', 'deleted'] }), { start: state(10) });
	feed(r, message({ id: 7, pts: 11, chatId: '42', text: 'secret plan' }));
	feed(r, deleted([7, 8], 13));
	await r.waitEmitted(2);
	expect(r.emitted[1].json).toMatchObject({
		event: 'deleted',
		chatId: '42',
		messageIds: [7, 8],
		messages: [
			{ id: 7, text: 'secret plan' },
			{ id: 8, text: null },
		],
	});
	await r.stream.close();
});

test('an album as one item with all its parts, closed by the next message or by time', async () => {
	const r = rig(settings({ albumAsOne: true }), { start: state(10) });
	const part = (id: number, pts: number, text = '') =>
		message({ id, pts, groupedId: '900', media: photo, text });
	feed(r, part(1, 11, 'caption'), part(2, 12), part(3, 13));
	feed(r, message({ id: 4, pts: 14, text: 'after' }));
	await r.waitEmitted(2);
	const album = r.emitted[0].json as {
		text: string;
		album: { count: number; messages: unknown[] };
	};
	expect(album.text).toBe('caption');
	expect(album.album.count).toBe(3);
	expect(r.emitted[1].json.text).toBe('after');
	// An album that nothing follows is emitted once no part came for a while.
	feed(
		r,
		message({ id: 5, pts: 15, groupedId: '901', media: photo }),
		message({ id: 6, pts: 16, groupedId: '901', media: photo }),
	);
	await r.waitEmitted(3, ALBUM_WAIT_MS * 4);
	expect((r.emitted[2].json.album as { count: number }).count).toBe(2);
	await r.stream.close();
});

test('without the album option, each part is its own item', async () => {
	const r = rig(settings(), { start: state(10) });
	feed(
		r,
		message({ id: 1, pts: 11, groupedId: '900', media: photo }),
		message({ id: 2, pts: 12, groupedId: '900', media: photo }),
	);
	await r.waitEmitted(2);
	expect(r.emitted.map((e) => e.json.groupedId)).toEqual(['900', '900']);
	await r.stream.close();
});

test('catch-up "last N per chat" keeps the newest N of each chat, in order', async () => {
	const s = settings({ catchUp: { mode: 'messages', minutes: 60, messages: 2 } });
	const r = rig(s, { start: state(10) });
	const missed = [1, 2, 3, 4].flatMap((i) => [
		message({ id: i, pts: 10 + 2 * i - 1, chatId: '42', catchUp: true }),
		message({ id: 100 + i, pts: 10 + 2 * i, chatId: '43', catchUp: true }),
	]);
	feed(r, ...missed);
	await r.waitEmitted(4, CATCH_UP_QUIET_MS * 4);
	expect(r.emitted.map((e) => `${String(e.json.chatId)}:${String(e.json.id)}`)).toEqual([
		'42:3',
		'43:103',
		'42:4',
		'43:104',
	]);
	expect(r.emitted.every((e) => e.json.isCatchUp === true)).toBe(true);
	await r.stream.close();
});

test('catch-up is released at once when a live message arrives, before it', async () => {
	const s = settings({ catchUp: { mode: 'messages', minutes: 60, messages: 5 } });
	const r = rig(s, { start: state(10) });
	feed(r, message({ id: 1, pts: 11, catchUp: true }), message({ id: 2, pts: 12 }));
	await r.waitEmitted(2, 1000);
	expect(r.emitted.map((e) => [e.json.id, e.json.isCatchUp])).toEqual([
		[1, true],
		[2, false],
	]);
	await r.stream.close();
});

test('catch-up "last N minutes" skips older missed messages', async () => {
	const now = Math.floor(Date.now() / 1000);
	const r = rig(settings(), { start: state(10), notBefore: now - 600 });
	feed(
		r,
		message({ id: 1, pts: 11, catchUp: true, date: now - 3600 }),
		message({ id: 2, pts: 12, catchUp: true, date: now - 60 }),
	);
	await r.waitEmitted(1);
	await sleep(50);
	expect(r.emitted.map((e) => e.json.id)).toEqual([2]);
	await r.stream.close();
});

test('after a crash, the saved state resumes before unconfirmed messages and replays them once', async () => {
	const r = rig(settings(), { start: state(10), autoDone: false });
	feed(r, message({ id: 1, pts: 11 }), message({ id: 2, pts: 12 }), message({ id: 3, pts: 13 }));
	await r.waitEmitted(3);
	r.finish(0);
	await sleep(10);
	feed(r, message({ id: 4, pts: 14, text: 'filtered out?' }));
	await r.waitEmitted(4);
	await r.stream.close();
	// What n8n wrote at the last emit: 1 confirmed, 2..4 not.
	const disk = JSON.parse(JSON.stringify(r.emitted[3].saved));
	const store = new PositionStore(disk);
	expect(store.resumeFrom(true)?.pts).toBe(11);
	// Without n8n's deduplication keys only held-back messages move the position back.
	expect(new PositionStore(JSON.parse(JSON.stringify(disk))).resumeFrom(false)?.pts).toBe(14);
	const again = rig(settings(), { data: disk, start: store.resumeFrom(true) });
	feed(
		again,
		message({ id: 2, pts: 12 }),
		message({ id: 3, pts: 13 }),
		message({ id: 4, pts: 14 }),
		message({ id: 5, pts: 15 }),
	);
	await again.waitEmitted(4);
	await sleep(50);
	// 2..4 are re-emitted (n8n refuses those whose execution exists, by key), 5 is new.
	expect(again.emitted.map((e) => e.json.id)).toEqual([2, 3, 4, 5]);
	await again.stream.close();
});

test('confirmed messages in the window are never emitted again after a restart', async () => {
	const r = rig(settings(), { start: state(10) });
	feed(r, message({ id: 1, pts: 11 }), message({ id: 2, pts: 12 }));
	await r.waitEmitted(2);
	await sleep(10);
	feed(r, message({ id: 3, pts: 13, text: 'x' }));
	await r.waitEmitted(3);
	await r.stream.close();
	const disk = JSON.parse(JSON.stringify(r.emitted[2].saved));
	const again = rig(settings(), { data: disk, start: state(10) });
	feed(
		again,
		message({ id: 1, pts: 11 }),
		message({ id: 2, pts: 12 }),
		message({ id: 4, pts: 14 }),
	);
	await again.waitEmitted(1);
	await sleep(50);
	expect(again.emitted.map((e) => e.json.id)).toEqual([4]);
	await again.stream.close();
});
