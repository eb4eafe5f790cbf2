// The Collect operation's parameters (shown by collect.operation.ts).
import type { INodeProperties } from 'n8n-workflow';

const mediaFilters = [
	['Any', 'any'],
	['Photos', 'photos'],
	['Videos', 'videos'],
	['Photos and Videos', 'photosVideos'],
	['Documents (Files)', 'documents'],
	['Voice Messages', 'voice'],
	['Music', 'music'],
	['Round Videos', 'roundVideos'],
	['GIFs', 'gifs'],
	['Links', 'links'],
].map(([name, value]) => ({ name, value }));

export const collectFields: INodeProperties[] = [
	{
		displayName: 'Chats',
		name: 'chats',
		type: 'string',
		required: true,
		default: '',
		placeholder: '@durov, https://t.me/telegram, -1001234567890',
		description:
			'One chat, or several separated by commas or new lines: @username, t.me link, or chat ID. With Continue On Fail, a chat that fails gives an error item and the others are still collected.',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: true,
		description: 'Whether to return all results or only up to a given limit',
		hint: 'When an AI agent runs this node as a tool, Return All stops at 50 messages',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Order',
		name: 'order',
		type: 'options',
		default: 'newestFirst',
		options: [
			{ name: 'Newest First', value: 'newestFirst' },
			{ name: 'Oldest First', value: 'oldestFirst' },
		],
		description:
			'With Only New Messages and a limit, messages always come oldest first, so the next run continues where this one stopped',
	},
	{
		displayName: 'Only New Messages',
		name: 'incremental',
		type: 'boolean',
		default: false,
		description:
			'Whether to return only messages newer than those returned by earlier runs of this node (remembered per chat)',
	},
	{
		displayName: 'First Run',
		name: 'firstRun',
		type: 'options',
		default: 'last',
		displayOptions: { show: { incremental: [true] } },
		options: [
			{ name: 'All History', value: 'all' },
			{ name: 'Last Messages', value: 'last', description: 'The newest N messages' },
			{ name: 'Since a Date', value: 'since' },
			{ name: 'Nothing (Start From Now)', value: 'none' },
		],
		description: 'How far back the first run goes for a chat it has not seen yet',
	},
	{
		displayName: 'First Run Count',
		name: 'firstRunCount',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 100,
		displayOptions: { show: { incremental: [true], firstRun: ['last'] } },
	},
	{
		displayName: 'First Run Since',
		name: 'firstRunSince',
		type: 'dateTime',
		default: '',
		displayOptions: { show: { incremental: [true], firstRun: ['since'] } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Before Message ID',
				name: 'offsetId',
				type: 'number',
				default: 0,
				description: 'Only messages older than this one (an offset to continue from)',
			},
			{ displayName: 'From Date', name: 'fromDate', type: 'dateTime', default: '' },
			{
				displayName: 'From User',
				name: 'fromUser',
				type: 'string',
				default: '',
				placeholder: '@username or user ID',
				description: 'Only messages sent by this user',
			},
			{
				displayName: 'Include Service Messages',
				name: 'includeService',
				type: 'boolean',
				default: false,
				description: 'Whether to include joins, pins, title changes and other service messages',
			},
			{
				displayName: 'Max Message ID',
				name: 'maxId',
				type: 'number',
				default: 0,
				description: 'Only messages with this ID or lower',
			},
			{
				displayName: 'Media Type',
				name: 'mediaFilter',
				type: 'options',
				default: 'any',
				options: mediaFilters,
			},
			{
				displayName: 'Min Message ID',
				name: 'minId',
				type: 'number',
				default: 0,
				description: 'Only messages with this ID or higher',
			},
			{
				displayName: 'Replies of Post ID',
				name: 'threadOf',
				type: 'number',
				default: 0,
				description:
					"Collect the comments of this channel post (or the replies of this message's thread) instead of the chat",
			},
			{
				displayName: 'Search Text',
				name: 'search',
				type: 'string',
				default: '',
				description: 'Only messages containing this text',
			},
			{ displayName: 'To Date', name: 'toDate', type: 'dateTime', default: '' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Add Summary Item',
				name: 'summary',
				type: 'boolean',
				default: true,
				description:
					"Whether to add an item after the messages with the run's counts, IDs, duration and flood waits",
			},
			{
				displayName: 'Download Media',
				name: 'downloadMedia',
				type: 'boolean',
				default: false,
				description:
					'Whether to download photos and files into binary data (within the size limits below)',
			},
			{
				displayName: 'Max File Size (MB)',
				name: 'maxFileSizeMb',
				type: 'number',
				default: 20,
				displayOptions: { show: { downloadMedia: [true] } },
				description:
					'Larger files are not downloaded; their message says binarySkipped: fileTooLarge',
			},
			{
				displayName: 'Max Total Size per Run (MB)',
				name: 'maxTotalSizeMb',
				type: 'number',
				default: 200,
				displayOptions: { show: { downloadMedia: [true] } },
				description:
					'Once reached, later files are not downloaded (binarySkipped: runLimitReached)',
			},
			{
				displayName: 'On Long Flood Wait',
				name: 'onFloodWait',
				type: 'options',
				default: 'partial',
				options: [
					{
						name: 'Return What Was Collected',
						value: 'partial',
						description: 'The summary says partial: true; the next incremental run continues',
					},
					{ name: 'Fail', value: 'fail' },
				],
				description:
					"What to do when Telegram asks to wait longer than the credential's Flood Wait Threshold",
			},
			{
				displayName: 'Parallel Requests',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 8 },
				default: 4,
				description:
					'Pages fetched at the same time for a large chat; messages still come out in order',
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				displayOptions: { show: { downloadMedia: [true] } },
				hint: 'The name of the output binary field to put the file in',
			},
		],
	},
];
