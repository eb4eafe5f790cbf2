import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { itemParameters } from '../../../shared/params/reader';
import type { TelegramAccountClient } from '../../../shared/transport/client';
import { DIALOG_TYPES, listDialogs, type DialogFilter } from '../../../shared/transport/dialogList';
import { toolBoundedLimit } from '../../helpers/toolBounds';

const properties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		displayOptions: { show: { returnAll: [false] } },
		default: 50,
		description: 'Max number of results to return',
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: [
			{
				displayName: 'Archived',
				name: 'archived',
				type: 'boolean',
				default: false,
				description: 'Whether to list the archived chats instead of the main list',
			},
			{
				displayName: 'Chat Types',
				name: 'types',
				type: 'multiOptions',
				options: [
					{ name: 'Private Chats', value: 'private' },
					{ name: 'Groups', value: 'group', description: 'Basic groups and supergroups' },
					{ name: 'Channels', value: 'channel' },
				],
				default: [],
				description: 'Only these kinds of chats (none chosen = all)',
			},
			{
				displayName: 'Unread Only',
				name: 'unreadOnly',
				type: 'boolean',
				default: false,
				description: 'Whether to list only chats with unread messages',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['chat'], operation: ['getMany'] } },
	properties,
);

/** One item per dialog, newest first: the chat, its unread count and its last message. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const params = itemParameters(this, itemIndex);
	const asked = params.boolean('returnAll', false)
		? undefined
		: Math.max(1, params.number('limit', 50));
	const limit = toolBoundedLimit(this, asked) ?? Infinity;
	const filters = params.collection('filters');
	const filter: DialogFilter = {
		archived: filters.boolean('archived', false),
		types: filters.options('types', DIALOG_TYPES),
		unreadOnly: filters.boolean('unreadOnly', false),
	};
	return await listDialogs(client, filter, limit);
}
