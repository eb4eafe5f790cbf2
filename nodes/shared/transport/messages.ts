// Messages by id. A channel numbers its own messages; private chats and basic groups share one
// numbering per account, so their ids are asked of the account's common box.
import { Api, type TelegramAccountClient } from './client';
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
