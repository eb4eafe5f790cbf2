import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { throwIfCancelled, withCancelSignal } from '../../shared/transport/cancel';
import type { TelegramAccountClient } from '../../shared/transport/client';
import { parseCredential } from '../../shared/transport/credential';
import { toNodeError } from '../../shared/transport/errors';
import { acquireClient, noteFailure, type ClientLease } from '../../shared/transport/pool';
import { itemParameters } from '../../shared/params/reader';
import { failureJson } from '../helpers/failure';
import {
	checkFixedOperation,
	includePhones,
	refusal,
	toolJson,
	toolPolicy,
} from '../helpers/toolUse';
import * as account from './account';
import * as chat from './chat';
import * as history from './history';
import * as media from './media';
import * as message from './message';

type Operation = (
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
) => Promise<OperationOutput>;

/** Plain JSON items, or whole items when an operation also returns binary data. */
export type OperationOutput = IDataObject[] | { items: INodeExecutionData[] };

const operations: Record<string, Record<string, { execute: Operation }>> = {
	account: account.operations,
	history: history.operations,
	chat: chat.operations,
	media: media.operations,
	message: message.operations,
};

/** Runs each item on its own: its own parameters, pairedItem and continueOnFail. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// Every wait in the transport (flood waits, the send pace) ends when the user stops the run.
	return await withCancelSignal(
		this.getExecutionCancelSignal?.(),
		async () => await runItems.call(this),
	);
}

async function runItems(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const returnData: INodeExecutionData[] = [];
	try {
		checkFixedOperation(this);
	} catch (error) {
		throw toNodeError(node, error);
	}
	const policy = toolPolicy(this);
	const credential = await this.getCredentials('telegramAccountApi')
		.then(parseCredential)
		.catch((error: unknown) => Promise.reject(toNodeError(node, error)));
	let lease: ClientLease | undefined;
	// A connect that failed fails the remaining items at once (no connect attempt per item).
	let failure: unknown;
	try {
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			throwIfCancelled();
			const params = itemParameters(this, itemIndex);
			const resource = params.text('resource');
			const operation = params.text('operation');
			const handler = operations[resource]?.[operation];
			const refused = refusal(policy, resource, operation);
			if (refused) {
				// Refused before any connection: nothing reaches Telegram.
				returnData.push({
					json: failureJson(this, refused, itemIndex),
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			// One pooled client for all items; a new one only if a failure made the pool drop it.
			if (lease?.client.isDestroyed) {
				lease.release();
				lease = undefined;
			}
			// A session found dead fails the next items here at once (the pool remembers it).
			if (failure === undefined)
				lease ??= await acquireClient(credential).catch((error: unknown) => {
					failure = error;
					return undefined;
				});
			const client = lease?.client;
			const result = !client
				? { error: failure }
				: handler
					? await handler.execute.call(this, itemIndex, client).then(
							(json) => ({ json }),
							(error: unknown) => ({ error }),
						)
					: { error: new Error(`The operation "${operation}" of "${resource}" is not known`) };
			if ('json' in result) {
				const out = Array.isArray(result.json)
					? result.json.map((json) => ({ json }))
					: result.json.items;
				if (policy.tool) {
					const phones = includePhones(this, itemIndex);
					for (const item of out) item.json = toolJson(item.json, phones);
				}
				returnData.push(...out.map((item) => ({ ...item, pairedItem: { item: itemIndex } })));
				continue;
			}
			if (client) await noteFailure(client, result.error);
			returnData.push({
				json: failureJson(this, result.error, itemIndex),
				pairedItem: { item: itemIndex },
			});
		}
	} finally {
		lease?.release();
	}
	return [returnData];
}
