import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { TransportError } from '../../../shared/transport/errors';
import { evictClient } from '../../../shared/transport/pool';

const properties: INodeProperties[] = [
	{
		displayName:
			'This revokes the session of the credential for good: every workflow using it stops working until it gets a new session from the Telegram Account Login node.',
		name: 'logOutNotice',
		type: 'notice',
		default: '',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['logOut'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	await client.invoke(new Api.auth.LogOut());
	// The pooled client now holds a dead key: drop it so nothing reuses it.
	await evictClient(client, new TransportError('closed', 'the session was logged out'));
	return [
		{
			loggedOut: true,
			message:
				'The session was revoked on Telegram. This credential no longer works: create a new session with the Telegram Account Login node.',
		},
	];
}
