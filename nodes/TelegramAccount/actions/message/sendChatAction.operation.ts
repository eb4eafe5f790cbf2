import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { itemParameters } from '../../../shared/params/reader';
import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { InputError } from '../../../shared/transport/errors';
import { chatField, readChat } from '../../helpers/chatField';

const ACTIONS: Record<string, { name: string; make: () => Api.TypeSendMessageAction }> = {
	typing: { name: 'Typing', make: () => new Api.SendMessageTypingAction() },
	recordVoice: {
		name: 'Recording a Voice Message',
		make: () => new Api.SendMessageRecordAudioAction(),
	},
	uploadVoice: {
		name: 'Sending a Voice Message',
		make: () => new Api.SendMessageUploadAudioAction({ progress: 0 }),
	},
	recordVideo: { name: 'Recording a Video', make: () => new Api.SendMessageRecordVideoAction() },
	uploadVideo: {
		name: 'Sending a Video',
		make: () => new Api.SendMessageUploadVideoAction({ progress: 0 }),
	},
	recordRound: {
		name: 'Recording a Round Video',
		make: () => new Api.SendMessageRecordRoundAction(),
	},
	uploadPhoto: {
		name: 'Sending a Photo',
		make: () => new Api.SendMessageUploadPhotoAction({ progress: 0 }),
	},
	uploadDocument: {
		name: 'Sending a File',
		make: () => new Api.SendMessageUploadDocumentAction({ progress: 0 }),
	},
	chooseSticker: {
		name: 'Choosing a Sticker',
		make: () => new Api.SendMessageChooseStickerAction(),
	},
	cancel: {
		name: 'Cancel (Stop Showing an Action)',
		make: () => new Api.SendMessageCancelAction(),
	},
};

const properties: INodeProperties[] = [
	chatField(),
	{
		displayName: 'Action',
		name: 'action',
		type: 'options',
		options: Object.entries(ACTIONS).map(([value, a]) => ({ name: a.name, value })),
		default: 'typing',
		description: 'What the chat shows for about 5 seconds, or until this account sends a message',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendChatAction'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const action = itemParameters(this, itemIndex).text('action', 'typing');
	const known = ACTIONS[action];
	if (!known) {
		throw new InputError(
			`"${action}" is not a chat action`,
			`Use one of: ${Object.keys(ACTIONS).join(', ')}.`,
		);
	}
	const target = await readChat(this, itemIndex, client);
	await client.invoke(new Api.messages.SetTyping({ peer: target.inputPeer, action: known.make() }));
	return [{ chatId: target.chatId, action, success: true }];
}
