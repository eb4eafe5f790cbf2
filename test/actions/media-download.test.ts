import { Api, toLong } from '../../nodes/shared/transport/client';
import { parseCredential } from '../../nodes/shared/transport/credential';
import { fetchFile, FileTooLargeError, type RemoteFile } from '../../nodes/shared/transport/files';
import { acquireClient, closeAllClients } from '../../nodes/shared/transport/pool';
import { withDeadline } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { LEAK_GRACE_MS, pooledClient, rl, run, runError, startWorld, type World } from './fixture';

/** Taken inside beforeAll: jest's own hook timer then counts on both sides. */
let handles: HandleCounts;
let world: World;
let bob: number;
let channelId: number;

beforeAll(async () => {
	handles = handleSnapshot();
	world = await startWorld();
	const c = world.ts.control;
	bob = c.createUser({ firstName: 'Bob', username: 'bob_user' }).userId;
	channelId = c.createChannel({
		title: 'Pics',
		creatorId: bob,
		username: 'pics_chan',
		memberIds: [world.me.userId],
	}).channelId;
});

afterAll(async () => {
	await world.close();
	await expectNoLeakedHandles(handles, LEAK_GRACE_MS);
});

/** A message with media from Bob, by its id in the account's box. */
function incoming(
	media: { kind: 'photo' | 'voice' | 'file' | 'video'; size: number; fileName?: string },
	text = '',
): number {
	world.ts.control.pushMessage({ fromId: bob, toUserId: world.me.userId, text, media });
	return [...world.ts.world.box(world.me.userId).msgs.values()].at(-1)!.id;
}

const download = (chat: string, messageId: number, options = {}) => ({
	resource: 'media',
	operation: 'download',
	chatId: rl(chat),
	messageId: String(messageId),
	binaryPropertyName: 'file',
	options,
});

const bytesOf = (b64: string) => Buffer.from(b64, 'base64');
const MB = 1024 * 1024;
const getFiles = () => world.ts.control.rpcLog({ method: 'upload.GetFile' }).length;

describe('Media → Download', () => {
	it('downloads a document with its own file name and MIME type', async () => {
		const id = incoming({ kind: 'file', size: 300_000, fileName: 'report.bin' }, 'the report');
		const out = await run(world, { params: download('@bob_user', id) });
		const file = out[0].binary!.file;
		expect(file).toMatchObject({ fileName: 'report.bin', mimeType: 'application/octet-stream' });
		const stored = world.ts.world.box(world.me.userId).msgs.get(id)!.core.media!.bytes;
		expect(bytesOf(file.data).equals(stored)).toBe(true);
		expect(out[0].json).toMatchObject({
			id,
			text: 'the report',
			fileName: 'report.bin',
			fileSize: 300_000,
			media: { type: 'document' },
		});
		expect(out[0].pairedItem).toEqual({ item: 0 });
	});

	it('gives a voice message with no file name a unique one', async () => {
		const a = incoming({ kind: 'voice', size: 5000 });
		const b = incoming({ kind: 'voice', size: 6000 });
		const [first] = await run(world, { params: download(String(bob), a) });
		const [second] = await run(world, { params: download(String(bob), b) });
		expect(first.binary!.file).toMatchObject({
			fileName: `voice_${bob}_${a}.ogg`,
			mimeType: 'audio/ogg',
		});
		expect(second.binary!.file.fileName).toBe(`voice_${bob}_${b}.ogg`);
		expect(bytesOf(second.binary!.file.data)).toHaveLength(6000);
	});

	it("downloads a photo and a channel post's video", async () => {
		// A fresh pooled client: other tests' downloads from DC 2 opened sockets of their own.
		await closeAllClients();
		const photo = incoming({ kind: 'photo', size: 40_000 });
		const [p] = await run(world, { params: download('@bob_user', photo) });
		expect(p.binary!.file).toMatchObject({
			fileName: `photo_${bob}_${photo}.jpg`,
			mimeType: 'image/jpeg',
		});
		world.ts.control.pushMessage({
			fromId: bob,
			channelId,
			text: 'clip',
			media: { kind: 'video', size: 70_000, fileName: 'clip.mp4' },
		});
		const postId = world.ts.world.channels.get(channelId)!.ids.at(-1)!;
		const [v] = await run(world, { params: download('https://t.me/pics_chan', postId) });
		expect(v.binary!.file).toMatchObject({ fileName: 'clip.mp4', mimeType: 'video/mp4' });
		// The item names where it came from, as Get Message does.
		expect(v.json).toMatchObject({ chatTitle: 'Pics', chatType: 'channel' });
		expect(p.json).toMatchObject({ chatTitle: 'Bob', sender: { name: 'Bob' } });
		expect(bytesOf(v.binary!.file.data)).toHaveLength(70_000);
		// Downloads from the home DC ride the pooled connection: no second socket.
		expect((await pooledClient(world)).sockets.opened).toBe(1);
	});

	it('downloads a file stored on another data centre', async () => {
		const farId = world.ts.control.createUser({
			firstName: 'Far',
			username: 'far_user',
			dcId: 2,
		} as never).userId;
		world.ts.control.pushMessage({
			fromId: farId,
			toUserId: world.me.userId,
			text: 'from afar',
			media: { kind: 'file', size: 9000, fileName: 'far.bin' },
		});
		const id = [...world.ts.world.box(world.me.userId).msgs.values()].at(-1)!.id;
		const [out] = await run(world, { params: download('@far_user', id) });
		expect(out.binary!.file.fileName).toBe('far.bin');
		expect(bytesOf(out.binary!.file.data)).toHaveLength(9000);
		expect(world.ts.control.rpcLog({ method: 'upload.GetFile' }).at(-1)?.dcId).toBe(2);
	});

	it('refuses a file over the size cap before downloading it', async () => {
		const id = incoming({ kind: 'file', size: 2 * 1024 * 1024, fileName: 'big.bin' });
		const before = world.ts.control.rpcLog({ method: 'upload.GetFile' }).length;
		const error = await runError(world, { params: download('@bob_user', id, { maxSizeMb: 1 }) });
		expect(error.message).toMatch(/2.0 MB, over the 1 MB limit/);
		expect(world.ts.control.rpcLog({ method: 'upload.GetFile' }).length).toBe(before);
	});

	it('refuses Max File Size 0, which used to mean no limit, before downloading', async () => {
		const id = incoming({ kind: 'file', size: 5000, fileName: 'small.bin' });
		const before = getFiles();
		const error = await runError(world, { params: download('@bob_user', id, { maxSizeMb: 0 }) });
		expect(error.message).toMatch(/'options.maxSizeMb' of item 0 is 0, which no longer means/);
		expect(error.description).toMatch(/No Size Limit/);
		expect(getFiles()).toBe(before);
	});

	it('downloads a file over Max File Size when No Size Limit is on', async () => {
		const id = incoming({ kind: 'file', size: 2 * MB, fileName: 'two.bin' });
		const [out] = await run(world, {
			params: download('@bob_user', id, { maxSizeMb: 1, noSizeLimit: true }),
		});
		expect(bytesOf(out.binary!.file.data)).toHaveLength(2 * MB);
	});

	it('streams a download into the binary store: a 40 MB file is fetched as n8n writes it', async () => {
		const id = incoming({ kind: 'file', size: 40 * MB, fileName: 'forty.bin' });
		const base = getFiles();
		let written = 0;
		let mostAhead = 0;
		const [out] = await run(
			world,
			{
				params: download('@bob_user', id, { noSizeLimit: true }),
				// A store slower than the network: each piece waits a turn of the event loop.
				onBinaryRead: async (bytes) => {
					written += bytes;
					mostAhead = Math.max(mostAhead, (getFiles() - base) * 512 * 1024 - written);
					await new Promise((resolve) => setImmediate(resolve));
				},
			},
			60_000,
		);
		expect(out.json.fileSize).toBe(40 * MB);
		const stored = world.ts.world.box(world.me.userId).msgs.get(id)!.core.media!.bytes;
		expect(bytesOf(out.binary!.file.data).equals(stored)).toBe(true);
		// Fetched ahead of what n8n wrote: the parts in flight, not the file.
		expect(mostAhead).toBeLessThanOrEqual(4 * MB);
	});

	it.each([
		['the home DC', 1],
		['another DC', 2],
	])('stops a download of unknown size from %s one part past the cap', async (_where, dcId) => {
		const senderId =
			dcId === 1
				? bob
				: world.ts.control.createUser({
						firstName: 'Far',
						username: `far_${Date.now()}`,
						dcId,
					} as never).userId;
		world.ts.control.pushMessage({
			fromId: senderId,
			toUserId: world.me.userId,
			text: 'big',
			media: { kind: 'file', size: 4 * MB, fileName: 'big.bin' },
		});
		const rec = [...world.ts.world.box(world.me.userId).msgs.values()].at(-1)!.core.media!;
		expect(rec.dcId).toBe(dcId);
		// A photo's size may be unknown; this document is fetched as if it were.
		const file: RemoteFile = {
			location: new Api.InputDocumentFileLocation({
				id: toLong(rec.id),
				accessHash: toLong(rec.accessHash),
				fileReference: Buffer.alloc(0),
				thumbSize: '',
			}),
			dcId,
		};
		const lease = await acquireClient(parseCredential(world.credentials()));
		try {
			const before = getFiles();
			const error = await withDeadline(
				fetchFile(lease.client, file, { maxBytes: MB }).then(
					() => undefined,
					(e: unknown) => e,
				),
				15_000,
				'capped download',
			);
			expect(error).toBeInstanceOf(FileTooLargeError);
			// 1 MB is two parts of 512 KB: the third passes the cap and nothing more is asked.
			const asked = world.ts.control.rpcLog({ method: 'upload.GetFile' }).slice(before);
			expect(asked.length).toBe(3);
			expect(asked.every((e) => e.dcId === dcId)).toBe(true);
			// The same file with no limit comes whole: the cap, not the file, stopped it.
			const whole = await withDeadline(
				fetchFile(lease.client, file, { maxBytes: null }),
				15_000,
				'unbounded download',
			);
			expect(whole.equals(rec.bytes)).toBe(true);
		} finally {
			lease.release();
		}
	});

	it('says so when the message has no media or is not in the chat', async () => {
		const text = incoming({ kind: 'file', size: 10 }, 'x');
		world.ts.control.pushMessage({ fromId: bob, toUserId: world.me.userId, text: 'just text' });
		const plain = [...world.ts.world.box(world.me.userId).msgs.values()].at(-1)!.id;
		let error = await runError(world, { params: download('@bob_user', plain) });
		expect(error.message).toMatch(/has no media/);
		error = await runError(world, { params: download('me', text) });
		expect(error.message).toMatch(/No message with ID/);
	});
});
