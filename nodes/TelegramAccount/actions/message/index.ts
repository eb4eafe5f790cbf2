import type { INodeProperties } from 'n8n-workflow';

import * as deleteMessage from './delete.operation';
import * as edit from './edit.operation';
import * as forward from './forward.operation';
import * as get from './get.operation';
import * as markRead from './markRead.operation';
import * as sendChatAction from './sendChatAction.operation';
import * as sendMedia from './sendMedia.operation';
import * as sendText from './sendText.operation';

export const operations = {
	sendText,
	sendMedia,
	edit,
	delete: deleteMessage,
	forward,
	markRead,
	sendChatAction,
	get,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete messages by ID, for everyone or only for this account',
				action: 'Delete messages',
			},
			{
				name: 'Edit',
				value: 'edit',
				description: 'Change the text of a message this account sent',
				action: 'Edit a message',
			},
			{
				name: 'Forward',
				value: 'forward',
				description: 'Forward messages from one chat to another, optionally without the sender',
				action: 'Forward messages',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get messages of a chat by their IDs: text, sender, date, media, reply',
				action: 'Get messages by ID',
			},
			{
				name: 'Mark as Read',
				value: 'markRead',
				description: 'Mark the messages of a chat as read, up to an ID or all',
				action: 'Mark a chat as read',
			},
			{
				name: 'Send Chat Action',
				value: 'sendChatAction',
				description: 'Show "typing…", "recording voice…" and similar in a chat for a few seconds',
				action: 'Send a chat action',
			},
			{
				name: 'Send Media',
				value: 'sendMedia',
				description:
					'Send a file from binary data as a photo, video, voice, audio, sticker, animation, round video or document; several files as one album',
				action: 'Send media',
			},
			{
				name: 'Send Text',
				value: 'sendText',
				description: 'Send a text message as the user to a chat, group, channel or user',
				action: 'Send a text message',
			},
		],
		default: 'sendText',
	},
	...sendText.description,
	...sendMedia.description,
	...edit.description,
	...deleteMessage.description,
	...forward.description,
	...markRead.description,
	...sendChatAction.description,
	...get.description,
];
