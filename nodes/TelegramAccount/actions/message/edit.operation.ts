import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { itemParameters } from '../../../shared/params/reader';
import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { InputError } from '../../../shared/transport/errors';
import { chatField, readChat } from '../../helpers/chatField';
import { messageIdsField, readMessageIds } from '../../helpers/messageIds';
import { linkPreviewOption, parseModeOption } from './common';
import { messagesOfUpdates, serializeAll } from './output';
import { MAX_TEXT, PARSE_MODES, parseText } from './text';

const properties: INodeProperties[] = [
	chatField(),
	messageIdsField({ single: true, description: 'ID of a message this account sent in the chat' }),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'The new text (or caption, for a media message)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [linkPreviewOption, parseModeOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['edit'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const [id] = readMessageIds(this, itemIndex, 'messageId');
	const params = itemParameters(this, itemIndex);
	const options = params.collection('options');
	const text = params.requiredText('text', 'Give the text the message should have.');
	const parsed = parseText(client, text, options.option('parseMode', PARSE_MODES, 'none'));
	if (!parsed.text.trim())
		throw new InputError('The new text is empty', 'Give the text the message should have.');
	if (parsed.text.length > MAX_TEXT) {
		throw new InputError(
			`The text has ${parsed.text.length} characters; Telegram allows ${MAX_TEXT}`,
			'Shorten the text.',
		);
	}
	const target = await readChat(this, itemIndex, client);
	const result = await client.invoke(
		new Api.messages.EditMessage({
			peer: target.inputPeer,
			id,
			message: parsed.text,
			entities: parsed.entities.length ? parsed.entities : undefined,
			noWebpage: options.boolean('disableLinkPreview', false) || undefined,
		}),
	);
	return await serializeAll(client, messagesOfUpdates(result), target);
}
