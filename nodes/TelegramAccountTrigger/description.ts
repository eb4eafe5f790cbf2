// The trigger's fields: what to react to, filters applied before anything is downloaded, and
// options (albums, media, catch-up after downtime, the Test step's wait).
import type { INodeProperties } from 'n8n-workflow';

import { MEDIA_KINDS } from './settings';

function peerList(name: string, displayName: string, what: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: `Add ${what}`,
		default: {},
		options: [
			{
				displayName: what,
				name: 'values',
				values: [
					{
						displayName: what,
						name: 'chat',
						type: 'resourceLocator',
						default: { mode: 'list', value: '' },
						modes: [
							{
								displayName: 'From List',
								name: 'list',
								type: 'list',
								typeOptions: { searchListMethod: 'searchDialogs', searchable: true },
							},
							{
								displayName: 'By Username',
								name: 'username',
								type: 'string',
								placeholder: '@durov',
							},
							{ displayName: 'By ID', name: 'id', type: 'string', placeholder: '-1001234567890' },
							{
								displayName: 'By URL',
								name: 'url',
								type: 'string',
								placeholder: 'https://t.me/durov',
							},
						],
					},
				],
			},
		],
	};
}

const filters: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	options: [
		peerList('excludeChats', 'Exclude Chats', 'Chat'),
		peerList('fromUsers', 'From Users', 'User'),
		{
			displayName: 'Media',
			name: 'media',
			type: 'options',
			options: [
				{ name: 'Any', value: 'any' },
				{ name: 'With Media Only', value: 'with' },
				{ name: 'Without Media Only', value: 'without' },
			],
			default: 'any',
		},
		{
			displayName: 'Media Kinds',
			name: 'mediaKinds',
			type: 'multiOptions',
			options: MEDIA_KINDS.map((kind) => ({ name: kind, value: kind })),
			default: [],
			description: 'Only messages with one of these kinds of media (empty: any)',
		},
		peerList('onlyChats', 'Only Chats', 'Chat'),
		{
			displayName: 'Skip Bots',
			name: 'skipBots',
			type: 'boolean',
			default: false,
			description: 'Whether to ignore messages sent by bots',
		},
		{
			displayName: 'Skip Forwarded',
			name: 'skipForwarded',
			type: 'boolean',
			default: false,
			description: 'Whether to ignore forwarded messages',
		},
		{
			displayName: 'Skip Service Messages',
			name: 'skipService',
			type: 'boolean',
			default: true,
			description:
				'Whether to ignore joins, leaves, pins, title changes and other service messages',
		},
		{
			displayName: 'Text Contains',
			name: 'textContains',
			type: 'string',
			default: '',
			description: 'Only messages whose text or caption contains this (case-insensitive)',
		},
		{
			displayName: 'Text Matches Regex',
			name: 'textPattern',
			type: 'string',
			default: '',
			placeholder: '^order #\\d+',
			description: 'A regular expression (case-insensitive), or /pattern/flags',
		},
	],
};

const options: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Album as One Item',
			name: 'albumAsOne',
			type: 'boolean',
			default: false,
			description: 'Whether the photos and videos of an album come as one item with all its parts',
		},
		{
			displayName: 'Binary Property',
			name: 'binaryProperty',
			type: 'string',
			default: 'data',
			description: 'Where downloaded media goes (album parts: data, data1, data2, …)',
		},
		{
			displayName: 'Catch Up After Downtime',
			name: 'catchUp',
			type: 'options',
			options: [
				{ name: 'Off', value: 'off', description: 'Only messages that arrive while active' },
				{ name: 'Last N Minutes', value: 'minutes' },
				{ name: 'Last N Messages per Chat', value: 'messages' },
			],
			default: 'minutes',
			description: 'What the trigger emits for messages that arrived while it was not active',
		},
		{
			displayName: 'Catch Up Messages per Chat',
			name: 'catchUpMessages',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 100,
		},
		{
			displayName: 'Catch Up Minutes',
			name: 'catchUpMinutes',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
		},
		{
			displayName: 'Download Media',
			name: 'downloadMedia',
			type: 'boolean',
			default: false,
			description:
				'Whether to attach photos, videos and files as binary data (up to Max Media Size)',
		},
		{
			displayName: 'Max Media Size (MB)',
			name: 'maxMediaSize',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 20,
			description: 'Larger files are not downloaded; the item lists them in mediaNotDownloaded',
		},
		{
			displayName: 'Test Step Timeout (S)',
			name: 'manualTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 120,
			description: 'How long "Test step" waits for the next matching message',
		},
	],
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Trigger On',
		name: 'events',
		type: 'multiOptions',
		options: [
			{ name: 'Deleted Message', value: 'deleted' },
			{ name: 'Edited Message', value: 'edited' },
			{ name: 'New Message', value: 'new' },
		],
		default: ['new'],
		required: true,
	},
	{
		displayName: 'Chat Types',
		name: 'chatTypes',
		type: 'multiOptions',
		options: [
			{ name: 'Channels', value: 'channel' },
			{ name: 'Groups', value: 'group', description: 'Basic groups and supergroups' },
			{ name: 'Private Chats', value: 'private' },
		],
		default: ['private', 'group', 'channel'],
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'Both', value: 'both' },
			{ name: 'Incoming', value: 'incoming', description: 'Messages others sent' },
			{ name: 'Outgoing', value: 'outgoing', description: 'Messages this account sent' },
		],
		default: 'incoming',
	},
	filters,
	options,
];
