import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as join from './join.operation';
import * as leave from './leave.operation';
import * as resolve from './resolve.operation';

export const operations = { getMany, get, resolve, join, leave };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chat'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Get a chat, group, channel or user with its full info (about, member count, pinned message)',
				action: 'Get a chat',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					"List the account's dialogs, newest first, filtered by type, unread or archived",
				action: 'Get many chats',
			},
			{
				name: 'Join',
				value: 'join',
				description:
					'Join a public group or channel by @username or link, or a private one by invite link',
				action: 'Join a chat',
			},
			{
				name: 'Leave',
				value: 'leave',
				description: 'Leave a group or channel',
				action: 'Leave a chat',
			},
			{
				name: 'Resolve',
				value: 'resolve',
				description:
					"Turn any @username, t.me link, phone or ID into the chat's ID, type, title and username",
				action: 'Resolve a chat',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...get.description,
	...resolve.description,
	...join.description,
	...leave.description,
];
