// One fake IWebhookFunctions for driving a webhook node's real webhook() as n8n would: the request
// (method, query, parsed body), the node's parameters and credential, and a response that records
// what the node wrote to the browser. Every answer is scanned for the secrets in play.
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { withDeadline } from './deadline';
import { testNode } from './executeContext';
import { scanText } from './secretScan';

export interface WebhookRequest {
	method: 'GET' | 'POST';
	query?: IDataObject;
	/** The body as n8n parses a urlencoded form. */
	body?: IDataObject;
}

/** What the browser got: status, headers (lower-case names) and body. */
export interface WebhookAnswer {
	status: number;
	headers: Record<string, string>;
	body: string;
	result: IWebhookResponseData;
}

interface Webhook {
	webhook(this: IWebhookFunctions): Promise<IWebhookResponseData>;
}

export async function callWebhook(
	nodeType: Webhook,
	request: WebhookRequest,
	o: { params: IDataObject; credential: ICredentialDataDecryptedObject; type: string },
	ms = 20_000,
): Promise<WebhookAnswer> {
	const answer = { status: 0, headers: {} as Record<string, string>, body: '' };
	const response = {
		writeHead(status: number, headers: Record<string, string> = {}) {
			answer.status = status;
			for (const [name, value] of Object.entries(headers))
				answer.headers[name.toLowerCase()] = value;
			return response;
		},
		end(chunk?: string) {
			answer.body += chunk ?? '';
			return response;
		},
	};
	const fake = {
		getNode: () => testNode('page-node', 'Password Page', o.type),
		getNodeParameter: (name: string, fallback?: unknown) =>
			o.params[name] === undefined ? fallback : o.params[name],
		getCredentials: async () => o.credential,
		getRequestObject: () => ({ method: request.method, query: request.query ?? {} }),
		getResponseObject: () => response,
		getQueryData: () => request.query ?? {},
		getBodyData: () => request.body ?? {},
		getWebhookName: () => 'default',
		getMode: () => 'webhook',
	};
	const result = await withDeadline(
		nodeType.webhook.call(fake as unknown as IWebhookFunctions),
		ms,
		'webhook',
	);
	scanText('a webhook answer', `${JSON.stringify(answer.headers)} ${answer.body}`);
	return { ...answer, result };
}
