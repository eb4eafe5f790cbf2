import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { chatField, readChat } from '../chat/locator';

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
	const maxId = Math.max(0, Math.floor(Number(this.getNodeParameter('maxId', itemIndex, 0)) || 0));
	const target = await readChat(this, itemIndex, client);
	const peer = target.inputPeer;
	if (peer instanceof Api.InputPeerChannel) {
		const channel = new Api.InputChannel({
			channelId: peer.channelId,
			accessHash: peer.accessHash,
		});
		await client.invoke(new Api.channels.ReadHistory({ channel, maxId }));
	} else {
		await client.invoke(new Api.messages.ReadHistory({ peer, maxId }));
	}
	return [{ chatId: target.chatId, readUpToId: maxId || null, success: true }];
}
