// Media through GramJS: upload in parts (saveFilePart, saveBigFilePart over 10 MB), download by
// upload.getFile, byte-identical; document kinds found by search filters.
import { randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import { CustomFile } from 'telegram/client/uploads';
import { withDeadline } from '../../helpers/deadline';
import { fixtureSuite } from './fixture';

describe('media over GramJS', () => {
	const f = fixtureSuite();
	let alice: { userId: number; session?: string };
	let bob: { userId: number; session?: string };

	beforeAll(async () => {
		alice = f.ts.control.createAccount({
			phone: '+15553001',
			firstName: 'Alice',
			username: 'alice_media',
		});
		bob = f.ts.control.createAccount({
			phone: '+15553002',
			firstName: 'Bob',
			username: 'bob_media',
		});
	});

	async function roundTrip(size: number, name: string): Promise<void> {
		const ca = await f.connect({ session: alice.session });
		const cb = await f.connect({ session: bob.session });
		const data = randomBytes(size);
		const sent = await withDeadline(
			ca.sendFile('bob_media', {
				file: new CustomFile(name, size, '', data),
				forceDocument: true,
				caption: name,
			}),
			60_000,
			'sendFile',
		);
		expect(sent.media).toBeInstanceOf(Api.MessageMediaDocument);
		const [got] = await cb.getMessages('alice_media', { limit: 1 });
		expect(got.message).toBe(name);
		const bytes = (await withDeadline(
			cb.downloadMedia(got, {}),
			60_000,
			'downloadMedia',
		)) as Buffer;
		expect(Buffer.isBuffer(bytes)).toBe(true);
		expect(bytes.length).toBe(size);
		expect(bytes.equals(data)).toBe(true);
	}

	it('uploads and downloads a 1.5 MB document byte-identical', async () => {
		await roundTrip(1_500_000, 'report.bin');
		const parts = f.ts.control.rpcLog({ method: 'upload.SaveFilePart', userId: alice.userId });
		expect(parts.length).toBeGreaterThan(1);
		expect(
			f.ts.control.rpcLog({ method: 'upload.GetFile', userId: bob.userId }).length,
		).toBeGreaterThan(1);
	});

	it('uses saveBigFilePart for a file over 10 MB', async () => {
		await roundTrip(10_800_000, 'big.bin');
		expect(f.ts.control.rpcLog({ method: 'upload.SaveBigFilePart' }).length).toBeGreaterThan(10);
	}, 150_000);

	it('gives documents their kind from the attributes, found by search filters', async () => {
		const ca = await f.connect({ session: alice.session });
		const voice = new CustomFile('voice.ogg', 2048, '', randomBytes(2048));
		await ca.sendFile('bob_media', {
			file: voice,
			voiceNote: true,
			attributes: [new Api.DocumentAttributeAudio({ voice: true, duration: 3 })],
		});
		const photo = f.ts.control.pushMessage({
			fromId: bob.userId,
			toUserId: alice.userId,
			media: { kind: 'photo', size: 5000 },
			text: 'a photo',
		});
		f.ts.control.pushMessage({
			fromId: bob.userId,
			toUserId: alice.userId,
			media: { kind: 'round', size: 3000 },
		});
		const search = (filter: Api.TypeMessagesFilter) =>
			ca.invoke(
				new Api.messages.Search({
					peer: 'bob_media',
					q: '',
					filter,
					minDate: 0,
					maxDate: 0,
					offsetId: 0,
					addOffset: 0,
					limit: 10,
					maxId: 0,
					minId: 0,
				}),
			) as Promise<Api.messages.Messages>;
		const voices = await search(new Api.InputMessagesFilterVoice());
		expect(voices.messages.length).toBe(1);
		const photos = await search(new Api.InputMessagesFilterPhotos());
		expect(photos.messages.map((m) => m.id)).toEqual([photo.id]);
		expect((await search(new Api.InputMessagesFilterRoundVideo())).messages.length).toBe(1);
		expect((await search(new Api.InputMessagesFilterRoundVoice())).messages.length).toBe(2);
		const [p] = await ca.getMessages('bob_media', { ids: [photo.id] });
		const bytes = (await ca.downloadMedia(p, {})) as Buffer;
		expect(bytes.length).toBe(5000);
	});
});
