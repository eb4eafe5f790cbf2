import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { InputError } from '../../../shared/transport/errors';
import { chatField, readChat } from '../chat/locator';
import { readMessageIds } from './common';
import { messageIdsField } from './fields';
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
	const peer = target.inputPeer;
	const id = ids.map((n) => new Api.InputMessageID({ id: n }));
	const result =
		peer instanceof Api.InputPeerChannel
			? await client.invoke(
					new Api.channels.GetMessages({
						channel: new Api.InputChannel({
							channelId: peer.channelId,
							accessHash: peer.accessHash,
						}),
						id,
					}),
				)
			: await client.invoke(new Api.messages.GetMessages({ id }));
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
