import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { itemParameters } from '../../../shared/params/reader';
import { inputChannelOf } from '../../../shared/transport/chats';
import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { chatField, readChat } from '../../helpers/chatField';
import { messageIdsField, readMessageIds } from '../../helpers/messageIds';

const properties: INodeProperties[] = [
	chatField(),
	messageIdsField(),
	{
		displayName: 'For Everyone',
		name: 'revoke',
		type: 'boolean',
		default: true,
		description:
			"Whether to delete the messages for every member (off: only from this account's view; channels and supergroups always delete for everyone)",
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const ids = readMessageIds(this, itemIndex);
	const revoke = itemParameters(this, itemIndex).boolean('revoke', true);
	const target = await readChat(this, itemIndex, client);
	// Channel messages live in the channel; other messages are ids of this account's own box.
	const channel = inputChannelOf(target.inputPeer);
	const result = channel
		? await client.invoke(new Api.channels.DeleteMessages({ channel, id: ids }))
		: await client.invoke(
				new Api.messages.DeleteMessages({ id: ids, revoke: revoke || undefined }),
			);
	return [
		{
			chatId: target.chatId,
			messageIds: ids,
			deletedCount: result.ptsCount,
			forEveryone: channel ? true : revoke,
		},
	];
}
