// A sender chooses a document's file name: a download must hand n8n only a safe base name, in the
// binary data and in the JSON, whatever the name holds.
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { LEAK_GRACE_MS, rl, run, startWorld, type World } from './fixture';

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

/** A document from Bob with the given file name; its id in the account's box. */
function documentNamed(fileName: string): number {
	const media = { kind: 'file' as const, size: 1000, fileName };
	world.ts.control.pushMessage({ fromId: bob, toUserId: world.me.userId, text: '', media });
	return [...world.ts.world.box(world.me.userId).msgs.values()].at(-1)!.id;
}

async function downloadedName(messageId: number): Promise<{ binary: string; json: unknown }> {
	const out = await run(world, {
		params: {
			resource: 'media',
			operation: 'download',
			chatId: rl('@bob_user'),
			messageId: String(messageId),
			binaryPropertyName: 'file',
			options: {},
		},
	});
	const json = out[0].json as { fileName: string; media: { fileName: unknown } };
	expect(json.fileName).toBe(out[0].binary!.file.fileName);
	return { binary: json.fileName, json: json.media.fileName };
}

describe('Media → Download: file names from Telegram', () => {
	it('keeps only the base name of a path', async () => {
		const name = await downloadedName(documentNamed('../../.ssh/authorized_keys'));
		expect(name).toEqual({ binary: 'authorized_keys', json: 'authorized_keys' });
	});

	it('drops a right-to-left override and control characters', async () => {
		const name = await downloadedName(documentNamed('photo\u202Egnp.exe\r\n'));
		expect(name).toEqual({ binary: 'photognp.exe', json: 'photognp.exe' });
	});

	it('names the file after its chat and message when nothing safe is left', async () => {
		const id = documentNamed('..');
		const name = await downloadedName(id);
		expect(name.json).toBeNull();
		expect(name.binary).toBe(`document_${bob}_${id}.bin`);
	});
});
