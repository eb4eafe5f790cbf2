import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { INodeExecutionData } from 'n8n-workflow';

import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import {
	binary,
	LEAK_GRACE_MS,
	rl,
	run,
	runError,
	startWorld,
	type StoredBinary,
	type World,
} from './fixture';

/** Taken inside beforeAll: jest's own hook timer then counts on both sides. */
let handles: HandleCounts;
let world: World;
let bob: number;

beforeAll(async () => {
	handles = handleSnapshot();
	world = await startWorld();
	bob = world.ts.control.createUser({ firstName: 'Bob', username: 'bob_user' }).userId;
});

afterAll(async () => {
	await world.close();
	await expectNoLeakedHandles(handles, LEAK_GRACE_MS);
});

const pad = (head: Buffer | string, size = 2048) => {
	const start = Buffer.isBuffer(head) ? head : Buffer.from(head, 'latin1');
	return Buffer.concat([start, Buffer.alloc(Math.max(0, size - start.length), 7)]);
};
export const FILES = {
	jpeg: pad(Buffer.from([0xff, 0xd8, 0xff, 0xe0])),
	png: pad('\x89PNG\r\n\x1a\n'),
	pdf: pad('%PDF-1.7\n'),
	ogg: pad('OggS'),
	mp3: pad('ID3\x03'),
	mp4: pad('\x00\x00\x00\x18ftypisom'),
	gif: pad('GIF89a'),
	webp: pad('RIFF\x00\x00\x00\x00WEBPVP8 '),
};

const sendMedia = (
	mediaType: string,
	binaryPropertyName = 'data',
	extra: Record<string, unknown> = {},
) => ({
	resource: 'message',
	operation: 'sendMedia',
	chatId: rl('@bob_user', 'username'),
	mediaType,
	binaryPropertyName,
	caption: '',
	options: {},
	...extra,
});

const item = (files: Record<string, ReturnType<typeof binary>>): INodeExecutionData => ({
	json: {},
	binary: files,
});
const uploads = () => world.ts.control.rpcLog({ method: 'upload.SaveFilePart' }).length;

describe('Message → Send Media', () => {
	it.each([
		['photo', 'photo.jpg', FILES.jpeg, 'image/jpeg', 'photo'],
		['document', 'report.pdf', FILES.pdf, 'application/pdf', 'document'],
		['video', 'clip.mp4', FILES.mp4, 'video/mp4', 'video'],
		['voice', 'note.ogg', FILES.ogg, 'audio/ogg', 'voice'],
		['audio', 'song.mp3', FILES.mp3, 'audio/mpeg', 'audio'],
		['sticker', 'sticker.webp', FILES.webp, 'image/webp', 'sticker'],
		['animation', 'fun.gif', FILES.gif, 'image/gif', 'animation'],
		['roundVideo', 'round.mp4', FILES.mp4, 'video/mp4', 'roundVideo'],
		['auto', 'pic.png', FILES.png, 'image/png', 'photo'],
		['auto', 'voice.ogg', FILES.ogg, 'audio/ogg', 'voice'],
	])('sends %s (%s)', async (mediaType, fileName, bytes, mimeType, expected) => {
		const out = await run(world, {
			items: [item({ data: binary(bytes, fileName, mimeType) })],
			params: sendMedia(mediaType, 'data', { caption: 'look' }),
		});
		expect(out).toHaveLength(1);
		expect(out[0].json).toMatchObject({
			chatId: String(bob),
			text: 'look',
			media: { type: expected },
		});
		const stored = [...world.ts.world.box(bob).msgs.values()].at(-1)!;
		expect(stored.core.media?.bytes.equals(bytes)).toBe(true);
		if (expected !== 'photo')
			expect((out[0].json.media as { fileName: string }).fileName).toBe(fileName);
	});

	it('sends 10 binaries as one album, in order, caption under the first', async () => {
		const files: Record<string, ReturnType<typeof binary>> = {};
		const names = Array.from({ length: 10 }, (_, i) => `p${i}`);
		names.forEach(
			(name, i) =>
				(files[name] = binary(
					pad(Buffer.from([0xff, 0xd8, 0xff, i])),
					`${name}.jpg`,
					'image/jpeg',
				)),
		);
		const out = await run(world, {
			items: [item(files)],
			params: sendMedia('photo', names.join(', '), { caption: 'album' }),
		});
		expect(out).toHaveLength(10);
		const grouped = new Set(out.map((o) => o.json.groupedId));
		expect(grouped.size).toBe(1);
		expect([...grouped][0]).toBeTruthy();
		expect(out[0].json.text).toBe('album');
		const stored = [...world.ts.world.box(bob).msgs.values()].slice(-10);
		stored.forEach((m, i) => expect(m.core.media?.bytes[3]).toBe(i));
		expect(out.every((o) => (o.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('refuses 11 files and files that cannot share an album, before uploading', async () => {
		const before = uploads();
		const files: Record<string, ReturnType<typeof binary>> = {};
		const names = Array.from({ length: 11 }, (_, i) => `f${i}`);
		for (const name of names) files[name] = binary(FILES.jpeg, `${name}.jpg`, 'image/jpeg');
		let error = await runError(world, {
			items: [item(files)],
			params: sendMedia('photo', names.join(',')),
		});
		expect(error.message).toMatch(/at most 10 files; 11 were given/);
		const mixed = {
			a: binary(FILES.jpeg, 'a.jpg', 'image/jpeg'),
			b: binary(FILES.ogg, 'b.ogg', 'audio/ogg'),
		};
		error = await runError(world, { items: [item(mixed)], params: sendMedia('auto', 'a,b') });
		expect(error.message).toMatch(/cannot be one album/);
		expect(uploads()).toBe(before);
	});

	it('refuses a media type mismatch before uploading, whatever the file claims to be', async () => {
		const before = uploads();
		// A PDF named and typed as a JPEG is still a PDF.
		const error = await runError(world, {
			items: [item({ data: binary(FILES.pdf, 'fake.jpg', 'image/jpeg') })],
			params: sendMedia('photo'),
		});
		expect(error.message).toMatch(
			/"fake.jpg" is application\/pdf, which Telegram cannot send as a photo/,
		);
		expect(error.description).toMatch(/Document/);
		expect(uploads()).toBe(before);
	});

	it('refuses an empty binary property and a missing one', async () => {
		let error = await runError(world, {
			items: [item({ data: binary(Buffer.alloc(0), 'x.jpg', 'image/jpeg') })],
			params: sendMedia('photo'),
		});
		expect(error.message).toMatch(/binary property "data" is empty/);
		error = await runError(world, { items: [item({})], params: sendMedia('photo', 'nothing') });
		expect(error.message).toMatch(/nothing/);
	});

	it('refuses a photo over 10 MB and a caption over 1024 characters', async () => {
		const big = Buffer.concat([FILES.jpeg, Buffer.alloc(10 * 1024 * 1024)]);
		let error = await runError(world, {
			items: [item({ data: binary(big, 'big.jpg', 'image/jpeg') })],
			params: sendMedia('photo'),
		});
		expect(error.message).toMatch(/at most 10.0 MB/);
		error = await runError(world, {
			items: [item({ data: binary(FILES.jpeg, 'a.jpg', 'image/jpeg') })],
			params: sendMedia('photo', 'data', { caption: 'c'.repeat(1100) }),
		});
		expect(error.message).toMatch(/caption has 1100 characters/);
	});

	it("reports Telegram's refusals: privacy, write-forbidden chat, flood wait", async () => {
		const c = world.ts.control;
		c.createUser({ firstName: 'Carol', username: 'carol_priv', restrictMessages: true });
		c.createChannel({
			title: 'Feed',
			creatorId: bob,
			username: 'feed_chan',
			memberIds: [world.me.userId],
		});
		const photo = () => [item({ data: binary(FILES.jpeg, 'a.jpg', 'image/jpeg') })];
		let error = await runError(world, {
			items: photo(),
			params: { ...sendMedia('photo'), chatId: rl('@carol_priv') },
		});
		expect(error.message).toMatch(/privacy settings/);
		error = await runError(world, {
			items: photo(),
			params: { ...sendMedia('photo'), chatId: rl('@feed_chan') },
		});
		expect(error.message).toMatch(/cannot write in this chat/);
		c.injectError({
			method: 'messages.SendMedia',
			error: 'FLOOD_WAIT_300',
			userId: world.me.userId,
		});
		error = await runError(world, { items: photo(), params: sendMedia('photo') });
		expect(error.message).toMatch(/wait 300 seconds/);
	});

	it('uploads a file over 10 MB as a big file', async () => {
		const big = Buffer.concat([FILES.pdf, Buffer.alloc(11 * 1024 * 1024, 3)]);
		const out = await run(world, {
			items: [item({ data: binary(big, 'big.pdf', 'application/pdf') })],
			params: sendMedia('document'),
		});
		expect(out[0].json.media).toMatchObject({ type: 'document', size: big.length });
		expect(world.ts.control.rpcLog({ method: 'upload.SaveBigFilePart' }).length).toBe(
			Math.ceil(big.length / (512 * 1024)),
		);
	});

	it('streams a 30 MB file from the binary store in parts, never holding it whole', async () => {
		const MB = 1024 * 1024;
		const size = 30 * MB;
		const PART = 512 * 1024;
		// Byte i of the file is a function of i, so it can be produced and checked in pieces.
		const slice = (from: number, length: number) => {
			const b = Buffer.alloc(length);
			for (let i = 0; i < length; i++) b[i] = ((from + i) * 31 + ((from + i) >> 12)) & 0xff;
			if (from === 0) FILES.pdf.subarray(0, 9).copy(b);
			return b;
		};
		const expected = createHash('sha256');
		for (let at = 0; at < size; at += MB) expected.update(slice(at, Math.min(MB, size - at)));
		const bigParts = () => world.ts.control.rpcLog({ method: 'upload.SaveBigFilePart' }).length;
		const base = bigParts();
		const received = () => (bigParts() - base) * PART;
		let pulled = 0;
		let mostAhead = 0;
		const file: StoredBinary = {
			size,
			fileName: 'big.pdf',
			mimeType: 'application/pdf',
			// n8n's filesystem store: a file stream in pieces of the asked size (64 KB here).
			open: () => {
				let at = 0;
				return new Readable({
					highWaterMark: 64 * 1024,
					read() {
						if (at >= size) return void this.push(null);
						const piece = slice(at, Math.min(64 * 1024, size - at));
						at += piece.length;
						pulled += piece.length;
						mostAhead = Math.max(mostAhead, pulled - received());
						this.push(piece);
					},
				});
			},
		};
		const id = 'filesystem-v2:workflows/1/executions/1/binary_data/big';
		const stored = new Map([[id, file]]);
		const out = await run(
			world,
			{
				items: [
					{
						json: {},
						binary: {
							data: { id, data: 'filesystem-v2', mimeType: 'application/pdf', fileName: 'big.pdf' },
						},
					},
				],
				params: sendMedia('document'),
				stored,
			},
			60_000,
		);
		expect(out[0].json.media).toMatchObject({ type: 'document', size });
		expect(file.buffered).toBeUndefined();
		expect(received()).toBe(60 * PART);
		// Read ahead of what Telegram took: a few parts in flight, not the file.
		expect(mostAhead).toBeLessThanOrEqual(4 * MB);
		const sent = [...world.ts.world.box(bob).msgs.values()].at(-1)!.core.media!.bytes;
		expect(sent.length).toBe(size);
		expect(createHash('sha256').update(sent).digest('hex')).toBe(expected.digest('hex'));
	});

	it('fails, without sending a message, when a stored file is shorter than n8n recorded', async () => {
		const id = 'filesystem-v2:short';
		const before = world.ts.control.rpcLog({ method: 'messages.SendMedia' }).length;
		const stored = new Map<string, StoredBinary>([
			[
				id,
				{
					size: 3000,
					mimeType: 'application/pdf',
					open: () => Readable.from([FILES.pdf]),
				},
			],
		]);
		const error = await runError(world, {
			items: [{ json: {}, binary: { data: { id, data: '', mimeType: 'application/pdf' } } }],
			params: sendMedia('document'),
			stored,
		});
		expect(error.message).toMatch(/changed while it was sent: 2048 bytes instead of 3000/);
		expect(world.ts.control.rpcLog({ method: 'messages.SendMedia' }).length).toBe(before);
	});
});
