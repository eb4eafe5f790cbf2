import { Readable } from 'node:stream';
import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { itemParameters } from '../../../shared/params/reader';
import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { InputError } from '../../../shared/transport/errors';
import {
	checkDeclaredSize,
	fileParts,
	FileTooLargeError,
	remoteFileOf,
} from '../../../shared/transport/files';
import { getMessagesById } from '../../../shared/transport/messages';
import { selfId } from '../../../shared/transport/self';
import {
	asTl,
	indexEntities,
	serializeMessage,
	type Tl,
} from '../../../shared/transport/serialize';
import { chatField, readChat } from '../../helpers/chatField';
import { fileNameOf } from '../../helpers/fileName';
import { messageIdsField, readMessageIds } from '../../helpers/messageIds';
import { isToolUse } from '../../helpers/toolUse';
import { readLimit, tooLarge } from './limit';

const properties: INodeProperties[] = [
	chatField(),
	messageIdsField({
		single: true,
		description: 'ID of the message whose photo, video, voice, audio or file to download',
	}),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'The binary property to write the file to',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Max File Size (MB)',
				name: 'maxSizeMb',
				type: 'number',
				typeOptions: { minValue: 0.1, numberPrecision: 1 },
				default: 100,
				description:
					'Fail instead of downloading a larger file; the download stops as soon as it passes this size',
			},
			{
				displayName: 'No Size Limit',
				name: 'noSizeLimit',
				type: 'boolean',
				default: false,
				description:
					'Whether to download a file of any size (up to 4 GB on Telegram): n8n then holds the whole file in memory or in its binary store',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['media'], operation: ['download'] } },
	properties,
);

async function getMessage(
	client: TelegramAccountClient,
	peer: Api.TypeInputPeer,
	id: number,
): Promise<{ message?: Api.Message; entities?: Map<string, Tl> }> {
	const answer = await getMessagesById(client, peer, [id]);
	if (!('messages' in answer)) return {};
	const message = answer.messages.find(
		(m): m is Api.Message => m instanceof Api.Message && m.id === id,
	);
	// The answer carries the chat and the sender: the item names them (chat title, sender name).
	return {
		message,
		entities: indexEntities(asTl(answer).users as Tl[], asTl(answer).chats as Tl[]),
	};
}

const TOOL_NOTE =
	'An AI agent receives no file: this is what the file is. A workflow step after the agent can download it (Media → Download).';

/** The message (JSON) with its media as binary data: real file name and MIME type, size-capped. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<{ items: INodeExecutionData[] }> {
	const [id] = readMessageIds(this, itemIndex, 'messageId');
	const params = itemParameters(this, itemIndex);
	const property = params.text('binaryPropertyName', 'data').trim() || 'data';
	const maxBytes = readLimit(params.collection('options'));
	const target = await readChat(this, itemIndex, client);
	const { message, entities } = await getMessage(client, target.inputPeer, id);
	const json = message
		? serializeMessage(asTl(message), { selfId: await selfId(client), entities })
		: undefined;
	if (!message || !json || json.chatId !== target.chatId) {
		throw new InputError(
			`No message with ID ${id} in chat ${target.chatId}`,
			'Check the message ID and the chat.',
		);
	}
	const media = json.media as IDataObject | null;
	const remote = message.media ? remoteFileOf(message.media) : undefined;
	if (!media || !message.media || !remote) {
		throw new InputError(
			`Message ${id} has ${media ? `a ${String(media.type)}` : 'no media'}, nothing to download`,
			'Download works on photos, videos, voice and audio messages, stickers, animations and files.',
		);
	}
	const mimeType = typeof media.mimeType === 'string' ? media.mimeType : 'application/octet-stream';
	const fileName = fileNameOf(media, target.chatId, id);
	// n8n refuses a tool's binary output ("not supported in Agents"): a model gets what the file is.
	if (isToolUse(this)) {
		const about = { fileName, mimeType, size: remote.size ?? null, fileNotPassed: TOOL_NOTE };
		return { items: [{ json: { ...json, media: { ...media, ...about } } }] };
	}
	const limit = { maxBytes };
	try {
		checkDeclaredSize(remote, limit);
	} catch (error) {
		throw error instanceof FileTooLargeError ? tooLarge(error, remote.size) : error;
	}
	// Streamed into n8n's binary data: in its filesystem or database mode the file is never whole
	// in memory; parts are fetched only as n8n writes them.
	const parts = fileParts(client, remote, limit);
	let size = 0;
	let stopped: unknown;
	const counted = async function* () {
		for (;;) {
			const part = await parts.next().catch(async (error: unknown) => {
				stopped = error;
				return await Promise.reject(error);
			});
			if (part.done) return;
			size += part.value.length;
			yield part.value;
		}
	};
	const stream = Readable.from(counted(), { objectMode: false });
	const binary = await this.helpers
		.prepareBinaryData(stream, fileName, mimeType)
		.catch(async (error: unknown) => {
			// n8n may wrap the stream's error: the download's own failure is the one to report.
			const cause = stopped ?? error;
			return await Promise.reject(
				cause instanceof FileTooLargeError ? tooLarge(cause, remote.size) : cause,
			);
		});
	return {
		items: [
			{
				json: { ...json, fileName, mimeType, fileSize: size },
				binary: { [property]: binary },
			},
		],
	};
}
