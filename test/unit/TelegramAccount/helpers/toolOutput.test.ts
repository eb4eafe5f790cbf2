// What a model reads of the node's output: messages cut to what a reader of the chat sees, no
// nulls, hashes or phone numbers; the workflow's own items are never changed.
import bigInt from 'big-integer';
import type { IDataObject } from 'n8n-workflow';
import { Api } from 'telegram';

import {
	compactJson,
	isMessageJson,
	modelJson,
} from '../../../../nodes/TelegramAccount/helpers/toolOutput';
import { textHash } from '../../../../nodes/TelegramAccount/actions/history/hashing';
import {
	indexEntities,
	serializeMessage,
	serializeUser,
	type Tl,
} from '../../../../nodes/shared/transport/serialize';

const tl = (o: unknown) => o as Tl;
const date = 1_700_000_000;
const carol = new Api.User({
	id: bigInt(2001),
	accessHash: bigInt(5),
	firstName: 'Carol',
	username: 'carol_buyer',
	phone: '15550002001',
} as never);
const entities = indexEntities([tl(carol)], []);

/** A received message with a file, replying to message 40, as Collect History outputs it. */
function collected(): IDataObject {
	const message = new Api.Message({
		id: 41,
		peerId: new Api.PeerUser({ userId: bigInt(2001) }),
		fromId: new Api.PeerUser({ userId: bigInt(2001) }),
		date,
		message: 'Here is the invoice',
		replyTo: new Api.MessageReplyHeader({ replyToMsgId: 40 }),
		media: new Api.MessageMediaDocument({
			document: new Api.Document({
				id: bigInt('5000000000000000001'),
				accessHash: bigInt(1),
				fileReference: Buffer.alloc(0),
				date,
				mimeType: 'application/pdf',
				size: bigInt(12345),
				dcId: 2,
				attributes: [new Api.DocumentAttributeFilename({ fileName: 'invoice.pdf' })],
			}),
		}),
	} as never);
	const json = serializeMessage(tl(message), { entities, selfId: '1000' });
	return { ...json, textHash: textHash(String(json.text)), mediaHash: 'ab'.repeat(16) };
}

describe('the output a model reads', () => {
	it('keeps id, chat, date, sender, text, media summary and reply of a message; nothing else', () => {
		const full = collected();
		expect(isMessageJson(full)).toBe(true);
		expect(modelJson(full, false)).toEqual({
			id: 41,
			chatId: '2001',
			date: new Date(date * 1000).toISOString(),
			sender: { id: '2001', name: 'Carol', username: 'carol_buyer' },
			text: 'Here is the invoice',
			media: {
				type: 'document',
				fileName: 'invoice.pdf',
				mimeType: 'application/pdf',
				size: 12345,
			},
			replyToId: 40,
		});
		// The figure was ~490 characters a message; a model now reads less than half of it.
		expect(JSON.stringify(modelJson(full, false)).length).toBeLessThan(
			JSON.stringify(full).length / 2,
		);
	});

	it("leaves the workflow's item as it was", () => {
		const full = collected();
		const before = JSON.stringify(full);
		modelJson(full, false);
		expect(JSON.stringify(full)).toBe(before);
		expect(full.textHash).toEqual(expect.any(String));
	});

	it("marks the account's own messages and edits, and keeps a service action", () => {
		const own = {
			...collected(),
			isOutgoing: true,
			editDate: '2024-01-01T00:00:00.000Z',
			isService: true,
			action: 'ChatEditTitle',
			text: '',
			media: null,
			replyTo: null,
		};
		const out = modelJson(own, false);
		expect(out).toMatchObject({
			isOutgoing: true,
			edited: '2024-01-01T00:00:00.000Z',
			action: 'ChatEditTitle',
		});
		expect(out).not.toHaveProperty('text');
		expect(out).not.toHaveProperty('media');
		expect(out).not.toHaveProperty('isService');
	});

	it('says in the run summary how many messages came and why it stopped, nothing internal', () => {
		const summary = {
			isSummary: true,
			chats: 1,
			messages: 10,
			firstId: 1,
			lastId: 10,
			durationMs: 87,
			floodWaitSeconds: 0,
			partial: false,
			failedChats: 0,
			perChat: [{ chat: '@carol_buyer', chatId: '2001', messages: 10, stoppedBy: 'limit' }],
		};
		expect(modelJson(summary, false)).toEqual({
			isSummary: true,
			messages: 10,
			stoppedBy: 'limit',
		});
		const failed = {
			...summary,
			perChat: [{ chat: '@gone', stoppedBy: 'error', error: 'The chat is private' }],
		};
		expect(modelJson(failed, false)).toEqual({
			isSummary: true,
			messages: 10,
			stoppedBy: 'error',
			errors: [{ chat: '@gone', error: 'The chat is private' }],
		});
	});

	it('drops null and empty fields and phone numbers of any other item, keeps false flags', () => {
		const user = serializeUser(tl(carol));
		const out = modelJson({ authorized: true, user, tags: [], extra: {} }, false);
		expect(out).toEqual({
			authorized: true,
			user: expect.objectContaining({ id: '2001', name: 'Carol', isBot: false }),
		});
		expect(JSON.stringify(out)).not.toMatch(/phone|null|lastName/);
		expect(compactJson({ user }, true)).toMatchObject({ user: { phone: '15550002001' } });
	});
});
