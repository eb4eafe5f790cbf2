import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { itemParameters } from '../../../shared/params/reader';
import { inputChannelOf } from '../../../shared/transport/chats';
import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { InputError } from '../../../shared/transport/errors';
import { parsePeerReference } from '../../../shared/transport/peerReference';
import { resolvePeer } from '../../../shared/transport/peers';
import { asTl, serializeChat, type Tl } from '../../../shared/transport/serialize';

const properties: INodeProperties[] = [
	{
		displayName: 'Username or Invite Link',
		name: 'target',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://t.me/+AbCdEf… or @channel',
		description: 'A public group or channel (@username or t.me link), or a private invite link',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['join'] } },
	properties,
);

function errorText(error: unknown): string | undefined {
	const text = (error as { errorMessage?: unknown })?.errorMessage;
	return typeof text === 'string' ? text : undefined;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const input = itemParameters(this, itemIndex).text('target').trim();
	const ref = parsePeerReference(input);
	let request: Api.messages.ImportChatInvite | Api.channels.JoinChannel;
	if (ref.kind === 'invite') {
		request = new Api.messages.ImportChatInvite({ hash: ref.hash });
	} else {
		const target = await resolvePeer(client, input);
		const channel = inputChannelOf(target.inputPeer);
		if (!channel) {
			throw new InputError(
				`${target.chatId} is not a public group or channel`,
				'Join by @username or t.me link of a group or channel, or by a private invite link (t.me/+…).',
			);
		}
		request = new Api.channels.JoinChannel({ channel });
	}
	const answer = await client.invoke(request).catch(async (error: unknown) => {
		// Already a member is the state the user asked for, not a failure.
		if (errorText(error) !== 'USER_ALREADY_PARTICIPANT') return await Promise.reject(error);
		return undefined;
	});
	if (!answer) {
		const target = await resolvePeer(client, input);
		return [
			{
				...(target.entity ? serializeChat(asTl(target.entity)) : { chatId: target.chatId }),
				joined: false,
				alreadyMember: true,
			},
		];
	}
	const chats = (asTl(answer).chats as Tl[] | undefined) ?? [];
	return [{ ...(chats[0] ? serializeChat(chats[0]) : {}), joined: true, alreadyMember: false }];
}
