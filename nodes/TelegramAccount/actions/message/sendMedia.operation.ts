import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { itemParameters } from '../../../shared/params/reader';
import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { InputError } from '../../../shared/transport/errors';
import { sendChecked, stableRandomId } from '../../../shared/transport/inDoubt';
import { waitForSendSlot } from '../../../shared/transport/pace';
import { chatField, readChat } from '../../helpers/chatField';
import {
	outcomeOutput,
	parseModeOption,
	readSendOptions,
	replyHeader,
	sendIdentity,
	sendOptionFields,
} from './common';
import { checkAlbum, inputMediaOf, MEDIA_TYPES, readMediaFile } from './mediaInput';
import { sentOutput } from './output';
import { MAX_CAPTION, parseText } from './text';
import { albumMedia, uploadFile } from './upload';

const properties: INodeProperties[] = [
	chatField(),
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		options: [
			{ name: 'Animation (GIF)', value: 'animation' },
			{ name: 'Audio', value: 'audio' },
			{ name: 'Auto (From File Type)', value: 'auto' },
			{ name: 'Document (Any File)', value: 'document' },
			{ name: 'Photo', value: 'photo' },
			{ name: 'Round Video', value: 'roundVideo' },
			{ name: 'Sticker', value: 'sticker' },
			{ name: 'Video', value: 'video' },
			{ name: 'Voice Message', value: 'voice' },
		],
		default: 'auto',
		description: 'How Telegram shows the file; its size and type are checked before upload',
	},
	{
		displayName: 'Input Binary Field(s)',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'Several names separated by commas send one album (up to 10 files)',
		description: 'The binary property of the input item holding the file',
	},
	{
		displayName: 'Caption',
		name: 'caption',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description:
			'Text shown under the media (at most 1024 characters); for an album, under the first file',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			parseModeOption,
			...sendOptionFields,
			{
				displayName: 'Spoiler',
				name: 'spoiler',
				type: 'boolean',
				default: false,
				description: 'Whether to hide the photo or video behind a spoiler',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendMedia'] } },
	properties,
);

/** One item per message sent (one per file of an album). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const options = readSendOptions(this, itemIndex);
	const params = itemParameters(this, itemIndex);
	const spoiler = params.collection('options').boolean('spoiler', false);
	const mediaType = params.option('mediaType', MEDIA_TYPES, 'auto');
	const names = params
		.text('binaryPropertyName', 'data')
		.split(',')
		.map((n) => n.trim())
		.filter(Boolean);
	if (!names.length)
		throw new InputError('No binary property was given', 'Set Input Binary Field(s), e.g. data.');
	const caption = parseText(client, params.text('caption'), options.parseMode);
	if (caption.text.length > MAX_CAPTION) {
		throw new InputError(
			`The caption has ${caption.text.length} characters; Telegram allows ${MAX_CAPTION}`,
			'Shorten the caption, or send the text as its own message.',
		);
	}
	// Every file is read and checked before the first byte is uploaded.
	const files = [];
	for (const name of names) files.push(await readMediaFile(this, itemIndex, name, mediaType));
	if (files.length > 1) checkAlbum(files);
	const target = await readChat(this, itemIndex, client);
	const common = {
		peer: target.inputPeer,
		silent: options.silent || undefined,
		replyTo: replyHeader(options.replyTo),
		scheduleDate: options.scheduleDate,
	};
	const entities = caption.entities.length ? caption.entities : undefined;
	if (files.length === 1) {
		const media = inputMediaOf(files[0], await uploadFile(client, files[0]), spoiler);
		await waitForSendSlot(client, options.sendsPerSecond);
		const identity = sendIdentity(this, itemIndex);
		const outcome = await sendChecked(client, {
			peer: target.inputPeer,
			chatId: target.chatId,
			text: caption.text,
			hasMedia: true,
			randomId: stableRandomId(identity.seed, target.chatId, 'media', names[0], caption.text),
			retry: identity.retry && !options.scheduleDate,
			executionId: identity.executionId,
			build: (randomId) =>
				new Api.messages.SendMedia({ ...common, media, message: caption.text, entities, randomId }),
		});
		return await outcomeOutput(client, target, outcome, { text: caption.text });
	}
	const multiMedia = await albumMedia(
		client,
		target.inputPeer,
		files,
		{ ...caption, entities },
		spoiler,
	);
	await waitForSendSlot(client, options.sendsPerSecond);
	const result = await client.invoke(new Api.messages.SendMultiMedia({ ...common, multiMedia }));
	return await sentOutput(client, target, result, { text: caption.text });
}
