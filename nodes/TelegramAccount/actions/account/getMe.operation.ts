import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import type { TelegramAccountClient } from '../../../shared/transport/client';
import { asTl, serializeUser } from '../../../shared/transport/serialize';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['getMe'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	_itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const me = await client.getMe();
	return [serializeUser(asTl(me))];
}
