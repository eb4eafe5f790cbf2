import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { itemParameters } from '../../../shared/params/reader';
import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { waitForSendSlot } from '../../../shared/transport/pace';
import { chatField, readChat } from '../../helpers/chatField';
import { messageIdsField, readMessageIds } from '../../helpers/messageIds';
import { randomId, readSendOptions, sendOptionFields } from './common';
import { messagesOfUpdates, serializeAll } from './output';

const properties: INodeProperties[] = [
	chatField({
		name: 'fromChatId',
		displayName: 'From Chat',
		description: 'The chat the messages are in',
	}),
	messageIdsField(),
	chatField({
		name: 'toChatId',
		displayName: 'To Chat',
		defaultId: '',
		description:
			'Where to forward the messages: a dialog, @username, numeric ID, t.me link, or "me" for Saved Messages',
	}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Hide Sender',
				name: 'dropAuthor',
				type: 'boolean',
				default: false,
				description: 'Whether to send copies without the "Forwarded from" header',
			},
			...sendOptionFields.filter((f) => f.name !== 'replyTo'),
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['forward'] } },
	properties,
);

/** One item per forwarded message, as it now is in the target chat. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const ids = readMessageIds(this, itemIndex);
	const options = readSendOptions(this, itemIndex);
	const dropAuthor = itemParameters(this, itemIndex)
		.collection('options')
		.boolean('dropAuthor', false);
	const from = await readChat(this, itemIndex, client, 'fromChatId');
	const to = await readChat(this, itemIndex, client, 'toChatId');
	await waitForSendSlot(client, options.sendsPerSecond);
	const result = await client.invoke(
		new Api.messages.ForwardMessages({
			fromPeer: from.inputPeer,
			toPeer: to.inputPeer,
			id: ids,
			randomId: ids.map(() => randomId()),
			silent: options.silent || undefined,
			dropAuthor: dropAuthor || undefined,
			scheduleDate: options.scheduleDate,
		}),
	);
	return await serializeAll(client, messagesOfUpdates(result), to);
}
