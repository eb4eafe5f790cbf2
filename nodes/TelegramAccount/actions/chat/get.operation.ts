import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { chatInputOf } from '../../../shared/transport/chats';
import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { asTl, serializeChat } from '../../../shared/transport/serialize';
import { chatField, readChat } from '../../helpers/chatField';

const properties: INodeProperties[] = [chatField()];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['get'] } },
	properties,
);

const count = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** The chat or user with its full info: about / bio, member counts, pinned message. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const target = await readChat(this, itemIndex, client);
	const chat = chatInputOf(target.inputPeer);
	if (chat.kind === 'user') {
		const full = await client.invoke(new Api.users.GetFullUser({ id: chat.user }));
		const user = full.users.find((u) => u.id.equals(full.fullUser.id)) ?? target.entity;
		return [
			{
				...serializeChat(asTl(user)),
				about: full.fullUser.about ?? null,
				commonChatsCount: full.fullUser.commonChatsCount,
				isBlocked: Boolean(full.fullUser.blocked),
				pinnedMessageId: full.fullUser.pinnedMsgId ?? null,
			},
		];
	}
	const answer =
		chat.kind === 'channel'
			? await client.invoke(new Api.channels.GetFullChannel({ channel: chat.channel }))
			: await client.invoke(new Api.messages.GetFullChat({ chatId: chat.chatId }));
	const full = asTl(answer.fullChat);
	const entity = answer.chats.find((c) => c.id.equals(answer.fullChat.id)) ?? target.entity;
	const participants = asTl(full.participants);
	const memberCount =
		count(full.participantsCount) ??
		(Array.isArray(participants?.participants) ? participants.participants.length : null);
	return [
		{
			...serializeChat(asTl(entity)),
			about: typeof full.about === 'string' ? full.about : null,
			participantsCount: memberCount,
			adminsCount: count(full.adminsCount),
			onlineCount: count(full.onlineCount),
			pinnedMessageId: count(full.pinnedMsgId),
			slowModeSeconds: count(full.slowmodeSeconds),
			linkedChatId: full.linkedChatId ? `-100${String(full.linkedChatId)}` : null,
		},
	];
}
