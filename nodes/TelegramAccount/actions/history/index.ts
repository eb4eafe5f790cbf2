import type { INodeProperties } from 'n8n-workflow';

import * as collect from './collect.operation';

export const operations = { collect };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['history'] } },
		options: [
			{
				name: 'Collect',
				value: 'collect',
				description:
					'Collect the messages of chats or channels: all or new since the last run, with filters',
				action: 'Collect chat history',
			},
		],
		default: 'collect',
	},
	...collect.description,
];
