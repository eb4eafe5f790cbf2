import type { INodeProperties } from 'n8n-workflow';

import * as getMe from './getMe.operation';
import * as logOut from './logOut.operation';
import * as sessionStatus from './sessionStatus.operation';

export const operations = { getMe, sessionStatus, logOut };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Me',
				value: 'getMe',
				description: 'Get the logged-in user: ID, name, username, phone',
				action: 'Get the logged in user',
			},
			{
				name: 'Log Out',
				value: 'logOut',
				description: 'Revoke the credential\'s session on Telegram; it stops working for good',
				action: 'Log out the session',
			},
			{
				name: 'Session Status',
				value: 'sessionStatus',
				description: 'Check whether the session is still logged in, as whom, and on which data centre',
				action: 'Get the session status',
			},
		],
		default: 'getMe',
	},
	...getMe.description,
	...sessionStatus.description,
	...logOut.description,
];
