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

const properties: INodeProperties[] = [
	chatField(),
	{
		displayName: 'Up To Message ID',
		name: 'maxId',
		type: 'number',
		default: 0,
		description: 'Mark messages read up to and including this ID (0 = every message of the chat)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['markRead'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const maxId = Math.max(0, Math.floor(itemParameters(this, itemIndex).number('maxId', 0)));
	const target = await readChat(this, itemIndex, client);
	const peer = target.inputPeer;
	const channel = inputChannelOf(peer);
	if (channel) await client.invoke(new Api.channels.ReadHistory({ channel, maxId }));
	else await client.invoke(new Api.messages.ReadHistory({ peer, maxId }));
	return [{ chatId: target.chatId, readUpToId: maxId || null, success: true }];
}
