import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import type { TelegramAccountClient } from '../../../shared/transport/client';
import { InputError } from '../../../shared/transport/errors';
import { getMessagesById } from '../../../shared/transport/messages';
import { chatField, readChat } from '../../helpers/chatField';
import { messageIdsField, readMessageIds } from '../../helpers/messageIds';
import { messagesOutput } from './output';

const properties: INodeProperties[] = [chatField(), messageIdsField()];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['get'] } },
	properties,
);

/** One item per message found, in the order asked. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const ids = readMessageIds(this, itemIndex);
	const target = await readChat(this, itemIndex, client);
	const result = await getMessagesById(client, target.inputPeer, ids);
	// Private and group message ids are per account, not per chat: keep only this chat's.
	const found = (await messagesOutput(client, result, target)).filter(
		(m) => m.chatId === target.chatId,
	);
	if (!found.length) {
		throw new InputError(
			`No message with ID ${ids.join(', ')} in chat ${target.chatId}`,
			'Check the message IDs: they may be deleted, or belong to another chat.',
		);
	}
	return found;
}
