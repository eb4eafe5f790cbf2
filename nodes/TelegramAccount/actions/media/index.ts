import type { INodeProperties } from 'n8n-workflow';

import * as download from './download.operation';

export const operations = { download };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['media'] } },
		options: [
			{
				name: 'Download',
				value: 'download',
				description:
					'Download the photo, video, voice message, audio or file of a message into binary data (for transcription, storage…)',
				action: 'Download media of a message',
			},
		],
		default: 'download',
	},
	...download.description,
];
