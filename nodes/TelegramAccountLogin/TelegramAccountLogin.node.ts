import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { telegramAppApiTest } from '../shared/credentialTests';
import { description as operations } from './actions';
import { router } from './actions/router';

// Not an AI tool on purpose: a login needs a person (the code, the password, the phone to scan).
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class TelegramAccountLogin implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram Account Login',
		name: 'telegramAccountLogin',
		icon: { light: 'file:telegramAccountLogin.svg', dark: 'file:telegramAccountLogin.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description:
			'Log a Telegram account in by phone code (with 2FA) or QR code, and get its session string',
		defaults: { name: 'Telegram Account Login' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'telegramAppApi', required: true, testedBy: 'telegramAppApiTest' }],
		properties: operations,
	};

	methods = { credentialTest: { telegramAppApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
