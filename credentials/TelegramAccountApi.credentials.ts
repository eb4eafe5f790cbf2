import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

import { telegramAppIdProperties, telegramAppOptionProperties } from './TelegramAppApi.credentials';

// Login Secret seals a login in progress (the Login node's app credential): no use with a session.
const accountOptionProperties = telegramAppOptionProperties.map((property) =>
	property.name === 'options'
		? {
				...property,
				options: (property.options as INodeProperties[]).filter((o) => o.name !== 'loginSecret'),
			}
		: property,
);

export class TelegramAccountApi implements ICredentialType {
	name = 'telegramAccountApi';

	displayName = 'Telegram Account API';

	icon: Icon = { light: 'file:telegramAccount.svg', dark: 'file:telegramAccount.dark.svg' };

	documentationUrl = 'https://core.telegram.org/api/auth';

	properties: INodeProperties[] = [
		...telegramAppIdProperties,
		// The session string is the whole account: the rule keys on names like "password" / "token".
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
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
		...accountOptionProperties,
	];
}
