import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import * as account from './actions/account';
import * as chat from './actions/chat';
import * as history from './actions/history';
import * as media from './actions/media';
import * as message from './actions/message';
import { router } from './actions/router';
import { toolFields } from './helpers/toolUse';
import { credentialTest } from './methods';
import { searchDialogs } from '../shared/methods/listSearch';

export class TelegramAccount implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram Account',
		name: 'telegramAccount',
		icon: { light: 'file:telegramAccount.svg', dark: 'file:telegramAccount.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Act as your own Telegram account (not a bot): send and manage messages, read chats, download media',
		defaults: { name: 'Telegram Account' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'telegramAccountApi', required: true, testedBy: 'telegramAccountApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Account', value: 'account' },
					{ name: 'Chat', value: 'chat' },
					{ name: 'History', value: 'history' },
					{ name: 'Media', value: 'media' },
					{ name: 'Message', value: 'message' },
				],
				default: 'message',
			},
			...account.description,
			...history.description,
			...chat.description,
			...media.description,
			...message.description,
			...toolFields,
		],
	};

	methods = { credentialTest, listSearch: { searchDialogs } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
