// Drives the Telegram Account node's History → Collect as n8n would (a small fake execute
// context with parameters, credential, continueOnFail and workflow static data) against the
// real loopback server.
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { TelegramAccount } from '../../nodes/TelegramAccount/TelegramAccount.node';
import { executeNode, loopbackOptions, testNode, type Params } from '../helpers/executeContext';
import type { TestServer } from '../server';

export type { Params };

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
	return {
		apiId: 424242,
		apiHash: '0123456789abcdef0123456789abcdef',
		session,
		options: {
			...loopbackOptions(ts),
			requestTimeout: 10,
			floodSleepThreshold: 5,
			...options,
		},
	};
}

const NODE = testNode('history-node', 'Telegram Account', 'telegramAccount');

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
	return executeNode(
		new TelegramAccount(),
		{
			node: NODE,
			params: list,
			credential: options.credential,
			continueOnFail: options.continueOnFail,
			staticData: options.staticData,
		},
		options.deadlineMs ?? 60_000,
		'collect',
	);
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
