// Drives the login node as n8n would (a small fake execute context: parameters, credential, items,
// binary data) against the real loopback server, and checks what a user would see.
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { TelegramAccountClient } from '../../nodes/shared/transport/client';
import { parseCredential } from '../../nodes/shared/transport/credential';
import { TelegramAccountLogin } from '../../nodes/TelegramAccountLogin/TelegramAccountLogin.node';
import { withDeadline } from '../helpers/deadline';
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
	const dc = ts.dcs.find((d) => d.id === dcId)!;
	return {
		apiId: API_ID,
		apiHash,
		options: {
			server: 'custom',
			customHost: dc.host,
			customPort: dc.port,
			customDcId: dc.id,
			customRsaPublicKey: ts.rsaPublicKeyPem,
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
}

export type Params = Record<string, unknown>;

const NODE: INode = {
	id: 'login-node',
	name: 'Telegram Account Login',
	type: 'n8n-nodes-telegram-account.telegramAccountLogin',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Runs the node once over `items` (one parameter set per item); returns its first output. */
export async function runLogin(
	params: Params | Params[],
	options: RunOptions,
): Promise<INodeExecutionData[]> {
	const list = Array.isArray(params) ? params : [params];
	const ctx = {
		getInputData: () => list.map(() => ({ json: {} })),
		getNode: () => NODE,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) =>
			list[itemIndex]?.[name] ?? fallback,
		getCredentials: async (type: string) => {
			if (type !== 'telegramAppApi') throw new Error(`unexpected credential type ${type}`);
			return options.credential;
		},
		continueOnFail: () => options.continueOnFail ?? false,
		helpers: {
			prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => ({
				data: data.toString('base64'),
				fileName,
				mimeType: mimeType ?? 'application/octet-stream',
				fileSize: String(data.length),
			}),
		},
	} as unknown as IExecuteFunctions;
	const node = new TelegramAccountLogin();
	const [output] = await withDeadline(
		node.execute.call(ctx),
		options.deadlineMs ?? 20_000,
		'login node',
	);
	return output;
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
