// Send Media in a real n8n, whose binary data lives on disk (its default filesystem mode): a 30 MB
// file read from disk reaches Telegram in 60 parts through n8n's getBinaryStream, byte for byte.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { startTestServer, type TestServer } from '../server';
import { startN8n, type N8nInstance } from './harness';
import { loopbackCredential } from './examples';

let telegram: TestServer | undefined;
let n8n: N8nInstance | undefined;
const files = mkdtempSync(path.join(os.tmpdir(), 'n8n-telegram-files-'));

beforeAll(async () => {
	telegram = await startTestServer();
	// n8n's file nodes read only below this folder.
	n8n = await startN8n({ env: { N8N_RESTRICT_FILE_ACCESS_TO: files } });
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
	await telegram?.stop();
	rmSync(files, { recursive: true, force: true });
}, 30_000);

function sendFileWorkflow(credentialId: string, filePath: string, chat: string) {
	const node = (name: string, type: string, x: number, parameters: Record<string, unknown>) => ({
		id: randomUUID(),
		name,
		type,
		typeVersion: 1,
		position: [x, 0],
		parameters,
	});
	return {
		name: 'Send a file from disk',
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 0, {}),
			node('Read File', 'n8n-nodes-base.readWriteFile', 220, {
				operation: 'read',
				fileSelector: filePath,
				options: {},
			}),
			{
				...node('Send Media', 'n8n-nodes-telegram-account.telegramAccount', 440, {
					resource: 'message',
					operation: 'sendMedia',
					chatId: { __rl: true, mode: 'username', value: chat },
					mediaType: 'document',
					binaryPropertyName: 'data',
					caption: 'the big file',
					options: {},
				}),
				credentials: { telegramAccountApi: { id: credentialId, name: 'Loopback account' } },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Read File', type: 'main', index: 0 }]] },
			'Read File': { main: [[{ node: 'Send Media', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

test('a 30 MB file from the binary store is sent in 512 KB parts, byte for byte', async () => {
	const tg = telegram!;
	const instance = n8n!;
	const c = tg.control;
	const me = c.createAccount({ phone: '15550008001', firstName: 'Disk', session: true });
	const bob = c.createUser({ firstName: 'Bob', username: 'bob_disk' }).userId;
	const size = 30 * 1024 * 1024;
	const bytes = Buffer.alloc(size);
	for (let i = 0; i < size; i += 4) bytes.writeUInt32LE((i * 2654435761) >>> 0, i);
	Buffer.from('%PDF-1.7\n').copy(bytes);
	const filePath = path.join(files, 'big.pdf');
	writeFileSync(filePath, bytes);
	const credential = await loopbackCredential({ telegram: tg, n8n: instance }, me.session);
	const { id } = await instance.importWorkflow(
		sendFileWorkflow(credential.id, filePath, '@bob_disk'),
	);
	const run = await instance.executeWorkflowCli(id, 120_000);
	expect(run.data.resultData.error?.message).toBeUndefined();
	expect(run).toMatchObject({ status: 'success', exitCode: 0 });
	// The file reached the node as a stored binary (an id, no bytes in the item).
	const read = run.data.resultData.runData['Read File'][0].data!.main[0]![0];
	expect(String(read.binary?.data?.id)).toMatch(/^filesystem/);
	const [sent] = run.data.resultData.runData['Send Media'][0].data!.main[0]!;
	expect(sent.json).toMatchObject({ text: 'the big file', media: { type: 'document', size } });
	expect(c.rpcLog({ method: 'upload.SaveBigFilePart' })).toHaveLength(60);
	const stored = [...tg.world.box(bob).msgs.values()].at(-1)!.core.media!.bytes;
	const hash = (b: Buffer) => createHash('sha256').update(b).digest('hex');
	expect(hash(stored)).toBe(hash(bytes));
	expect(instance.outboundAttempts()).toEqual([]);
}, 180_000);
