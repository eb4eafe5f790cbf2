// Messages by id. A channel numbers its own messages; private chats and basic groups share one
// numbering per account, so their ids are asked of the account's common box.
import { Api, toLong, type TelegramAccountClient } from './client';
import { inputChannelOf } from './chats';

/** The messages with these ids; for a non-channel chat, ids of other chats may come back too. */
export async function getMessagesById(
	client: TelegramAccountClient,
	peer: Api.TypeInputPeer,
	ids: number[],
): Promise<Api.messages.TypeMessages> {
	const id = ids.map((n) => new Api.InputMessageID({ id: n }));
	const channel = inputChannelOf(peer);
	return channel
		? await client.invoke(new Api.channels.GetMessages({ channel, id }))
		: await client.invoke(new Api.messages.GetMessages({ id }));
}

/** The newest `limit` messages of a chat, newest first (with the users and chats they name). */
export async function newestMessages(
	client: TelegramAccountClient,
	peer: Api.TypeInputPeer,
	limit: number,
): Promise<Api.messages.TypeMessages> {
	return await client.invoke(
		new Api.messages.GetHistory({
			peer,
			limit,
			offsetId: 0,
			offsetDate: 0,
			addOffset: 0,
			maxId: 0,
			minId: 0,
			hash: toLong(0),
		}),
	);
}
