// Issue 5's real-n8n check: the example workflow examples/send-and-download.json (Manual Trigger →
// Set Chat → Send Text → Download Media), imported into a real n8n and run with `n8n execute`
// against the loopback Telegram server in this jest process.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

import { readExamples, wireExample } from '../../scripts/examples';
import { seedDemoWorld } from '../server/control/demo';
import { n8nSuite } from './suite';
import { loopbackCredential } from './examples';
import type { CliItem, CliRun } from './harness';

const both = n8nSuite();

/** The example as a user imports it, with their credential picked and Set Chat filled in. */
function exampleWorkflow(credentialId: string, chatId: string, mediaMessageId: number) {
	const example = readExamples(path.join(__dirname, '../../examples')).find(
		(e) => e.file === 'send-and-download.json',
	);
	if (!example) throw new Error('examples/send-and-download.json is missing');
	return wireExample(
		example,
		{ telegramAccountApi: { id: credentialId, name: 'Loopback account' } },
		{ chatId, mediaMessageId },
	);
}

/** The account's credential, pointed at the loopback server's home DC. */
async function importCredential(session: string | undefined): Promise<string> {
	return (await loopbackCredential(both(), session)).id;
}

function outputOf(run: CliRun, node: string): CliItem[] {
	const runs = run.data.resultData.runData[node];
	if (!runs?.length) throw new Error(`${node} did not run`);
	return runs[0].data?.main[0] ?? [];
}

/** n8n's filesystem binary store keeps the file under .n8n/storage (or binaryData) by its id. */
function storedFile(root: string, binaryId: string): Buffer | undefined {
	const name = binaryId.split('/').at(-1);
	const walk = (dir: string): string | undefined => {
		for (const entry of readdirSync(dir)) {
			const full = path.join(dir, entry);
			const found = statSync(full).isDirectory() ? walk(full) : entry === name && full;
			if (found) return found;
		}
		return undefined;
	};
	const found = walk(path.join(root, '.n8n'));
	return found ? readFileSync(found) : undefined;
}

test('Manual Trigger → Set Chat → Send Text → Download Media runs to the expected output', async () => {
	const { telegram: tg, n8n: instance } = both();
	const c = tg.control;
	const me = c.createAccount({ phone: '15550003001', firstName: 'Flow', session: true });
	const bob = c.createUser({ firstName: 'Bob', username: 'bob_files' }).userId;
	// Bob's clip is in the account's dialogs, so his numeric ID resolves (as a trigger gives it).
	const size = 150_000;
	const clip = c.pushMessage({
		fromId: bob,
		toUserId: me.userId,
		text: 'the clip',
		media: { kind: 'video', size, fileName: 'clip.mp4' },
	});
	const credentialId = await importCredential(me.session);
	const chatId = String(bob);
	const { id } = await instance.importWorkflow(exampleWorkflow(credentialId, chatId, clip.id));

	const run = await instance.executeWorkflowCli(id, 90_000);
	expect(run.data.resultData.error?.message).toBeUndefined();
	expect(run).toMatchObject({ status: 'success', exitCode: 0 });

	const text = `Fetching the file of message ${clip.id}`;
	const [sent] = outputOf(run, 'Send Text');
	expect(sent.json).toMatchObject({ chatId, text, isOutgoing: true });
	expect(sent.json.sender).toMatchObject({ id: String(me.userId), type: 'user' });
	expect(typeof sent.json.id).toBe('number');
	// The server saw that very message go out from the account to Bob.
	const onServer = c.sentMessages({ userId: me.userId }).filter((m) => m.text === text);
	expect(onServer.map((m) => ({ id: m.id, peer: m.peer }))).toEqual([
		{ id: sent.json.id, peer: { type: 'user', id: bob } },
	]);

	const downloaded = outputOf(run, 'Download Media');
	expect(downloaded).toHaveLength(1);
	const [item] = downloaded;
	expect(item.json).toMatchObject({
		id: clip.id,
		chatId,
		text: 'the clip',
		fileName: 'clip.mp4',
		mimeType: 'video/mp4',
		fileSize: size,
	});
	const binary = item.binary?.data;
	expect(binary).toMatchObject({ fileName: 'clip.mp4', mimeType: 'video/mp4', bytes: size });
	// Run data carries only metadata: the bytes are in n8n's binary store; compare them too.
	const seeded = tg.world.box(me.userId).msgs.get(clip.id)?.core.media?.bytes;
	const stored = storedFile(instance.userFolder, String(binary?.id));
	expect(seeded).toHaveLength(size);
	expect(stored && seeded && stored.equals(seeded)).toBe(true);
	expect(instance.outboundAttempts()).toEqual([]);
}, 150_000);

test('a message without media fails the run at Download Media with a clear error', async () => {
	const { telegram: tg, n8n: instance } = both();
	const c = tg.control;
	const me = c.createAccount({ phone: '15550003002', firstName: 'Plain', session: true });
	const carol = c.createUser({ firstName: 'Carol', username: 'carol_text' }).userId;
	const plain = c.pushMessage({ fromId: carol, toUserId: me.userId, text: 'just words' });
	const credentialId = await importCredential(me.session);
	const workflow = exampleWorkflow(credentialId, '@carol_text', plain.id);
	const { id } = await instance.importWorkflow(workflow);

	const run = await instance.executeWorkflowCli(id, 90_000);
	expect(run.status).toBe('error');
	expect(run.exitCode).not.toBe(0);
	expect(run.data.resultData.error?.message).toBe(
		`Message ${plain.id} has no media, nothing to download`,
	);
	// Send Text still ran before the failing node.
	expect(outputOf(run, 'Send Text')[0].json).toMatchObject({ chatId: String(carol) });
	expect(instance.outboundAttempts()).toEqual([]);
}, 150_000);

test('the example as `npm run dev` loads it runs unchanged in the demo world', async () => {
	const { telegram: tg, n8n: instance } = both();
	const demo = seedDemoWorld(tg.control);
	const credentialId = await importCredential(demo.account.session);
	const { chat, messageId } = demo.mediaMessage;
	const { id } = await instance.importWorkflow(exampleWorkflow(credentialId, chat, messageId));

	const run = await instance.executeWorkflowCli(id, 90_000);
	expect(run.data.resultData.error?.message).toBeUndefined();
	const [item] = outputOf(run, 'Download Media');
	expect(item.json).toMatchObject({ id: messageId, mimeType: 'image/jpeg' });
	expect(item.binary?.data).toBeDefined();
}, 150_000);
