import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { InputError } from '../../../shared/transport/errors';
import { chatField, readChat } from './locator';

const properties: INodeProperties[] = [chatField({ description: 'The group or channel to leave' })];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['leave'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const target = await readChat(this, itemIndex, client);
	const peer = target.inputPeer;
	if (peer instanceof Api.InputPeerChannel) {
		const channel = new Api.InputChannel({
			channelId: peer.channelId,
			accessHash: peer.accessHash,
		});
		await client.invoke(new Api.channels.LeaveChannel({ channel }));
	} else if (peer instanceof Api.InputPeerChat) {
		await client.invoke(
			new Api.messages.DeleteChatUser({ chatId: peer.chatId, userId: new Api.InputUserSelf() }),
		);
	} else {
		throw new InputError(
			`${target.chatId} is a private chat, not a group or channel`,
			'Only groups and channels can be left.',
		);
	}
	return [{ chatId: target.chatId, left: true }];
}
