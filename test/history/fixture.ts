// Drives the Telegram Account node's History → Collect as n8n would (a small fake execute
// context with parameters, credential, continueOnFail and workflow static data) against the
// real loopback server.
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import { TelegramAccount } from '../../nodes/TelegramAccount/TelegramAccount.node';
import { withDeadline } from '../helpers/deadline';
import type { TestServer } from '../server';

export type Params = Record<string, unknown>;

export interface RunOptions {
	credential: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	/** The node's static data; pass the same object to later runs to act as the next execution. */
	staticData?: IDataObject;
	deadlineMs?: number;
}

/** The account credential as n8n stores it, pointing at the loopback server's first DC. */
export function accountCredential(
	ts: TestServer,
	session: string,
	options: Params = {},
): ICredentialDataDecryptedObject {
	const dc = ts.dcs[0];
	return {
		apiId: 424242,
		apiHash: '0123456789abcdef0123456789abcdef',
		session,
		options: {
			server: 'custom',
			customHost: dc.host,
			customPort: dc.port,
			customDcId: dc.id,
			customRsaPublicKey: ts.rsaPublicKeyPem,
			requestTimeout: 10,
			floodSleepThreshold: 5,
			...options,
		},
	};
}

const NODE: INode = {
	id: 'history-node',
	name: 'Telegram Account',
	type: 'n8n-nodes-telegram-account.telegramAccount',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Runs the node over one item per parameter set; returns its output. */
export async function runCollect(
	params: Params | Params[],
	options: RunOptions,
): Promise<INodeExecutionData[]> {
	const list: Params[] = (Array.isArray(params) ? params : [params]).map((p) => ({
		resource: 'history',
		operation: 'collect',
		...p,
	}));
	const staticData = options.staticData ?? {};
	const ctx = {
		getInputData: () => list.map(() => ({ json: {} })),
		getNode: () => NODE,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) =>
			list[itemIndex]?.[name] ?? fallback,
		getCredentials: async () => options.credential,
		continueOnFail: () => options.continueOnFail ?? false,
		helpers: {
			prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => ({
				data: data.toString('base64'),
				fileName,
				mimeType: mimeType ?? 'application/octet-stream',
				fileSize: String(data.length),
			}),
		},
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`unexpected static data type ${type}`);
			return staticData;
		},
	} as unknown as IExecuteFunctions;
	const [output] = await withDeadline(
		new TelegramAccount().execute.call(ctx),
		options.deadlineMs ?? 60_000,
		'collect',
	);
	return output;
}

/** The message items (without the summary item). */
export function messagesOf(output: INodeExecutionData[]): IDataObject[] {
	return output.map((i) => i.json).filter((j) => !j.isSummary && j.error === undefined);
}

export function summaryOf(output: INodeExecutionData[]): IDataObject {
	const last = output[output.length - 1]?.json;
	if (!last?.isSummary) throw new Error('no summary item');
	return last;
}

export const idsOf = (output: INodeExecutionData[]): number[] =>
	messagesOf(output).map((m) => Number(m.id));

/** a..b inclusive, ascending. */
export const span = (a: number, b: number): number[] =>
	Array.from({ length: b - a + 1 }, (_, i) => a + i);

/**
 * GramJS's update loop sleeps 9 s between pings (an unref'd timer) and only checks for destroy()
 * when it wakes: the leak check waits that long before calling a timer a leak.
 */
export const GRAMJS_TIMER_GRACE_MS = 11_000;
