import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { itemParameters, type ParameterReader } from '../../../shared/params/reader';
import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { InputError } from '../../../shared/transport/errors';
import { fetchFile, FileTooLargeError, remoteFileOf } from '../../../shared/transport/files';
import { getMessagesById } from '../../../shared/transport/messages';
import { selfId } from '../../../shared/transport/self';
import { asTl, serializeMessage } from '../../../shared/transport/serialize';
import { chatField, readChat } from '../../helpers/chatField';
import { fileNameOf } from '../../helpers/fileName';
import { messageIdsField, readMessageIds } from '../../helpers/messageIds';

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

const MB = 1024 * 1024;
const mb = (bytes: number) => `${Number((bytes / MB).toFixed(1))} MB`;

/** The cap in bytes, or null when the user chose No Size Limit. */
function readLimit(options: ParameterReader): number | null {
	if (options.boolean('noSizeLimit', false)) return null;
	const maxMb = options.number('maxSizeMb', 100);
	// 0 used to mean "no limit": an unbounded download must now be chosen by name.
	if (maxMb <= 0) {
		throw options.error(
			'maxSizeMb',
			'is 0, which no longer means "no limit"',
			'Set a size in MB, or switch on No Size Limit to download a file of any size.',
		);
	}
	return maxMb * MB;
}

async function getMessage(
	client: TelegramAccountClient,
	peer: Api.TypeInputPeer,
	id: number,
): Promise<Api.Message | undefined> {
	const answer = await getMessagesById(client, peer, [id]);
	return 'messages' in answer
		? answer.messages.find((m): m is Api.Message => m instanceof Api.Message && m.id === id)
		: undefined;
}

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
	const message = await getMessage(client, target.inputPeer, id);
	const json = message
		? serializeMessage(asTl(message), { selfId: await selfId(client) })
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
	const bytes = await fetchFile(client, remote, { maxBytes }).catch((error: unknown) => {
		if (!(error instanceof FileTooLargeError)) throw error;
		const over =
			error.seenBytes === remote.size ? `is ${(error.seenBytes / MB).toFixed(1)} MB` : 'is larger';
		throw new InputError(
			`The file ${over}, over the ${mb(error.maxBytes)} limit set in Max File Size`,
			'Raise Max File Size, or switch on No Size Limit if n8n can hold a file this large.',
		);
	});
	const mimeType = typeof media.mimeType === 'string' ? media.mimeType : 'application/octet-stream';
	const fileName = fileNameOf(media, target.chatId, id);
	const binary = await this.helpers.prepareBinaryData(bytes, fileName, mimeType);
	return {
		items: [
			{
				json: { ...json, fileName, mimeType, fileSize: bytes.length },
				binary: { [property]: binary },
			},
		],
	};
}
