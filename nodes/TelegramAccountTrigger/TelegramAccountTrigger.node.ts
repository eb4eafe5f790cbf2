import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { telegramAccountApiTest } from '../shared/credentialTests';
import { subscribeUpdates } from '../shared/updates';
import { activate } from './activate';
import { properties } from './description';
import { searchDialogs } from '../shared/methods/listSearch';

export class TelegramAccountTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram Account Trigger',
		name: 'telegramAccountTrigger',
		icon: {
			light: 'file:telegramAccountTrigger.svg',
			dark: 'file:telegramAccountTrigger.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		description:
			'Starts the workflow on new, edited or deleted messages of your own Telegram account (not a bot)',
		defaults: { name: 'Telegram Account Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'telegramAccountApi', required: true, testedBy: 'telegramAccountApiTest' },
		],
		properties,
	};

	methods = { credentialTest: { telegramAccountApiTest }, listSearch: { searchDialogs } };

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return await activate(this, subscribeUpdates);
	}
}
