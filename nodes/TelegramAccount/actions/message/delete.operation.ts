import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { chatField, readChat } from '../chat/locator';
import { readMessageIds } from './common';
import { messageIdsField } from './fields';

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
	const revoke = this.getNodeParameter('revoke', itemIndex, true) as boolean;
	const target = await readChat(this, itemIndex, client);
	const peer = target.inputPeer;
	// Channel messages live in the channel; other messages are ids of this account's own box.
	const result =
		peer instanceof Api.InputPeerChannel
			? await client.invoke(
					new Api.channels.DeleteMessages({
						channel: new Api.InputChannel({
							channelId: peer.channelId,
							accessHash: peer.accessHash,
						}),
						id: ids,
					}),
				)
			: await client.invoke(
					new Api.messages.DeleteMessages({ id: ids, revoke: revoke || undefined }),
				);
	return [
		{
			chatId: target.chatId,
			messageIds: ids,
			deletedCount: result.ptsCount,
			forEveryone: peer instanceof Api.InputPeerChannel ? true : revoke,
		},
	];
}
