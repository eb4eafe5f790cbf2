// Telegram's three kinds of chat take different ids in their requests: a user an InputUser, a
// basic group its bare chat id, a channel or supergroup an InputChannel. This is the one place
// that tells them apart; each operation only says which request each kind gets.
import { Api } from './client';
import { InputError } from './errors';

export type ChatInput =
	| { kind: 'user'; user: Api.TypeInputUser }
	| { kind: 'basicChat'; chatId: Api.InputPeerChat['chatId'] }
	| { kind: 'channel'; channel: Api.TypeInputChannel };

/** The kind of chat an input peer names, with the id form that kind's requests take. */
export function chatInputOf(peer: Api.TypeInputPeer): ChatInput {
	if (peer instanceof Api.InputPeerSelf) return { kind: 'user', user: new Api.InputUserSelf() };
	if (peer instanceof Api.InputPeerUser) {
		const { userId, accessHash } = peer;
		return { kind: 'user', user: new Api.InputUser({ userId, accessHash }) };
	}
	if (peer instanceof Api.InputPeerUserFromMessage) {
		const { peer: from, msgId, userId } = peer;
		return { kind: 'user', user: new Api.InputUserFromMessage({ peer: from, msgId, userId }) };
	}
	if (peer instanceof Api.InputPeerChannel) {
		const { channelId, accessHash } = peer;
		return { kind: 'channel', channel: new Api.InputChannel({ channelId, accessHash }) };
	}
	if (peer instanceof Api.InputPeerChannelFromMessage) {
		const { peer: from, msgId, channelId } = peer;
		const channel = new Api.InputChannelFromMessage({ peer: from, msgId, channelId });
		return { kind: 'channel', channel };
	}
	if (peer instanceof Api.InputPeerChat) return { kind: 'basicChat', chatId: peer.chatId };
	throw new InputError(
		'No chat was given',
		'Set the Chat field to a chat, group, channel or user.',
	);
}

/** The InputChannel of a channel or supergroup; undefined for users and basic groups. */
export function inputChannelOf(peer: Api.TypeInputPeer): Api.TypeInputChannel | undefined {
	const chat = chatInputOf(peer);
	return chat.kind === 'channel' ? chat.channel : undefined;
}
