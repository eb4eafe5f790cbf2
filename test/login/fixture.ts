// Drives the login node as n8n would (a small fake execute context: parameters, credential, items,
// binary data) against the real loopback server, and checks what a user would see.
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { TelegramAccountClient } from '../../nodes/shared/transport/client';
import { parseCredential } from '../../nodes/shared/transport/credential';
import { TelegramAccountLogin } from '../../nodes/TelegramAccountLogin/TelegramAccountLogin.node';
import { executeNode, loopbackOptions, testNode, type Params } from '../helpers/executeContext';
import type { TestServer } from '../server';

export const API_ID = 424242;
/** Looks like a real api_hash, so a leak of it in any output is easy to spot. */
export const API_HASH = '0123456789abcdef0123456789abcdef';

/** The telegramAppApi credential as n8n stores it, pointing at the loopback server's DC. */
export function appCredential(
	ts: TestServer,
	dcId = 1,
	apiHash = API_HASH,
): ICredentialDataDecryptedObject {
	return {
		apiId: API_ID,
		apiHash,
		options: {
			...loopbackOptions(ts, dcId),
			requestTimeout: 5,
			floodSleepThreshold: 0,
		},
	};
}

export interface RunOptions {
	credential: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	/** Deadline of one execution (ms). */
	deadlineMs?: number;
	/** The execution's cancel signal. */
	cancelSignal?: AbortSignal;
	/** Another copy of the node (e.g. from jest.isolateModules: another n8n process). */
	nodeType?: TelegramAccountLogin;
	/** The input items (e.g. a Form page's output); empty items by default. */
	items?: INodeExecutionData[];
}

export type { Params };

const NODE = testNode('login-node', 'Telegram Account Login', 'telegramAccountLogin');

/** Runs the node once over `items` (one parameter set per item); returns its first output. */
export async function runLogin(
	params: Params | Params[],
	options: RunOptions,
): Promise<INodeExecutionData[]> {
	return executeNode(
		options.nodeType ?? new TelegramAccountLogin(),
		{
			node: NODE,
			params: Array.isArray(params) ? params : [params],
			credential: options.credential,
			credentialType: 'telegramAppApi',
			continueOnFail: options.continueOnFail,
			cancelSignal: options.cancelSignal,
			items: options.items,
		},
		options.deadlineMs ?? 20_000,
		'login node',
	);
}

/** Runs one item and returns its json. */
export async function step(params: Params, options: RunOptions): Promise<IDataObject> {
	const [item] = await runLogin(params, options);
	return item.json;
}

/** A fresh client on a finished session must answer getMe: the session works on its own. */
export async function getMeWith(ts: TestServer, session: string): Promise<IDataObject> {
	const credential = parseCredential({ ...appCredential(ts), session });
	const client = new TelegramAccountClient(credential);
	try {
		await client.open();
		const me = await client.getMe();
		return { id: String(me.id), firstName: me.firstName ?? null };
	} finally {
		await client.destroy();
	}
}

/** Fails if any output holds a secret (the api_hash, a password). */
export function expectNoSecrets(outputs: unknown[], secrets: string[]): void {
	const text = JSON.stringify(outputs);
	for (const secret of secrets) {
		if (text.includes(secret))
			throw new Error(`an output contains a secret (${secret.length} chars)`);
	}
}
