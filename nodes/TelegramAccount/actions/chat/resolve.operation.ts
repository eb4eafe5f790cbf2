import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import type { TelegramAccountClient } from '../../../shared/transport/client';
import { asTl, serializeChat } from '../../../shared/transport/serialize';
import { chatField, readChat } from '../../helpers/chatField';

const properties: INodeProperties[] = [
	chatField({
		description:
			'Any way of naming a chat or user: @username, t.me link, +phone, numeric ID, or "me"',
	}),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['resolve'] } },
	properties,
);

/** IDs, type, title and username of a peer; asks Telegram once per peer per connection. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const target = await readChat(this, itemIndex, client);
	const base: IDataObject = target.entity
		? serializeChat(asTl(target.entity))
		: { chatId: target.chatId };
	return [{ ...base, chatId: target.chatId, messageId: target.messageId ?? null }];
}
