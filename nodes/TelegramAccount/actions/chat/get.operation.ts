import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { serializeChat, type Tl } from '../../../shared/transport/serialize';
import { chatField, readChat } from './locator';

const properties: INodeProperties[] = [chatField()];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['get'] } },
	properties,
);

const asTl = (value: unknown): Tl => value as Tl;
const count = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** The chat or user with its full info: about / bio, member counts, pinned message. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const target = await readChat(this, itemIndex, client);
	const peer = target.inputPeer;
	if (peer instanceof Api.InputPeerUser || peer instanceof Api.InputPeerSelf) {
		const full = await client.invoke(
			new Api.users.GetFullUser({
				id:
					peer instanceof Api.InputPeerSelf
						? new Api.InputUserSelf()
						: new Api.InputUser({ userId: peer.userId, accessHash: peer.accessHash }),
			}),
		);
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
		peer instanceof Api.InputPeerChannel
			? await client.invoke(
					new Api.channels.GetFullChannel({
						channel: new Api.InputChannel({
							channelId: peer.channelId,
							accessHash: peer.accessHash,
						}),
					}),
				)
			: await client.invoke(
					new Api.messages.GetFullChat({ chatId: (peer as Api.InputPeerChat).chatId }),
				);
	const full = asTl(answer.fullChat);
	const chat = answer.chats.find((c) => c.id.equals(answer.fullChat.id)) ?? target.entity;
	const participants = asTl(full.participants);
	const memberCount =
		count(full.participantsCount) ??
		(Array.isArray(participants?.participants) ? participants.participants.length : null);
	return [
		{
			...serializeChat(asTl(chat)),
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
