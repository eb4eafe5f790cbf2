import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { telegramAppApiTest } from '../shared/credentialTests';
import { answer, DEFAULT_PATH, DEFAULT_SESSION_LINK_PATH } from './webhook';

const webhook = (httpMethod: 'GET' | 'POST') => ({
	name: 'default' as const,
	httpMethod,
	responseMode: 'onReceived',
	path: '={{$parameter["path"]}}',
	isFullPath: true,
});

/**
 * The 2FA page of a form login, served by its own webhook: it checks the password itself and
 * starts no execution, so n8n never stores the password (decision 0015).
 */
// A page n8n serves itself: no third-party service holds the webhook, so nothing to register.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
export class TelegramAccountPasswordPage implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telegram Account Password Page',
		name: 'telegramAccountPasswordPage',
		icon: {
			light: 'file:telegramAccountPasswordPage.svg',
			dark: 'file:telegramAccountPasswordPage.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		subtitle: '={{"/" + $parameter["path"]}}',
		description:
			'Serves the two-step verification (2FA) password page of a form login, and checks the password without n8n storing it',
		defaults: { name: 'Password Page' },
		inputs: [],
		// Starts no execution: the page answers the browser itself.
		outputs: [],
		credentials: [{ name: 'telegramAppApi', required: true, testedBy: 'telegramAppApiTest' }],
		webhooks: [webhook('GET'), webhook('POST')],
		properties: [
			{
				displayName:
					'Send the person here with ?token= set to the passwordToken of a login step (Session Output "Once, by Token"). On the right password the page goes on to the Session Link with the session token. It starts no execution.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: DEFAULT_PATH,
				required: true,
				description: 'The webhook path of this page (one active workflow per path)',
			},
			{
				displayName: 'Session Link Path',
				name: 'sessionLinkPath',
				type: 'string',
				default: DEFAULT_SESSION_LINK_PATH,
				required: true,
				description:
					"The webhook path of the workflow's Session Link (a Webhook that runs Hand Over Session); the page redirects there with ?token=",
			},
		],
	};

	methods = { credentialTest: { telegramAppApiTest } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await answer(this);
	}
}
