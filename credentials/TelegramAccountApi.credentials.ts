import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { telegramAppIdProperties, telegramAppOptionProperties } from './TelegramAppApi.credentials';

export class TelegramAccountApi implements ICredentialType {
	name = 'telegramAccountApi';

	displayName = 'Telegram Account API';

	icon: Icon = { light: 'file:telegramAccount.svg', dark: 'file:telegramAccount.dark.svg' };

	documentationUrl = 'https://core.telegram.org/api/auth';

	properties: INodeProperties[] = [
		...telegramAppIdProperties,
		{
			displayName: 'Session',
			name: 'session',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The string session of the logged-in account, made with the Telegram Account Login node. It gives full access to the account: keep it secret.',
		},
		...telegramAppOptionProperties,
	];
}
