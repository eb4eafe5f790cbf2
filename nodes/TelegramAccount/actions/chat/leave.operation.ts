import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { chatInputOf } from '../../../shared/transport/chats';
import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { InputError } from '../../../shared/transport/errors';
import { chatField, readChat } from '../../helpers/chatField';

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
	const chat = chatInputOf(target.inputPeer);
	if (chat.kind === 'channel') {
		await client.invoke(new Api.channels.LeaveChannel({ channel: chat.channel }));
	} else if (chat.kind === 'basicChat') {
		await client.invoke(
			new Api.messages.DeleteChatUser({ chatId: chat.chatId, userId: new Api.InputUserSelf() }),
		);
	} else {
		throw new InputError(
			`${target.chatId} is a private chat, not a group or channel`,
			'Only groups and channels can be left.',
		);
	}
	return [{ chatId: target.chatId, left: true }];
}
