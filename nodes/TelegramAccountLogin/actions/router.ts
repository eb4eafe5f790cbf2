import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { withCancelSignal } from '../../shared/transport/cancel';
import { parseCredential, type TelegramCredential } from '../../shared/transport/credential';
import { toNodeError } from '../../shared/transport/errors';
import { loginNodeError, ResumableLoginError } from '../login/errors';
import { keepForHandOver } from '../login/handOver';
import { keepForPasswordPage } from '../login/passwordHandOver';
import { COMPLETING, operations } from './index';

type Operation = (
	this: IExecuteFunctions,
	itemIndex: number,
	credential: TelegramCredential,
) => Promise<INodeExecutionData>;

const handlers: Record<string, { execute: Operation }> = operations;

/**
 * With Session Output "Once, by Token", a completed item carries a token, not the session, and
 * one that needs the 2FA password a token for the password page (so no Form page asks for it).
 */
function handOver(
	ctx: IExecuteFunctions,
	operation: string,
	itemIndex: number,
	result: INodeExecutionData,
): INodeExecutionData {
	const { status } = result.json;
	if (!COMPLETING.includes(operation)) return result;
	if (status !== 'completed' && status !== 'password_required') return result;
	if (ctx.getNodeParameter('sessionOutput', itemIndex, 'session') !== 'token') return result;
	const json =
		status === 'completed' ? keepForHandOver(result.json) : keepForPasswordPage(result.json);
	return { ...result, json };
}

/**
 * Runs each item on its own: its own parameters, pairedItem and continueOnFail. Each step opens
 * and destroys its own client; nothing of a login stays in this process between executions.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const returnData: INodeExecutionData[] = [];
	const credential = await this.getCredentials('telegramAppApi').then(parseCredential, (error) =>
		Promise.reject(toNodeError(node, error)),
	);
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		const handler = handlers[operation];
		try {
			if (!handler) throw new Error(`The operation "${operation}" is not known`);
			// Flood waits inside a step end when the user stops the execution.
			const result = await withCancelSignal(
				this.getExecutionCancelSignal?.(),
				async () => await handler.execute.call(this, itemIndex, credential),
			);
			returnData.push({
				...handOver(this, operation, itemIndex, result),
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			const nodeError = loginNodeError(node, error, itemIndex);
			if (!this.continueOnFail()) throw nodeError;
			// A wrong password keeps the login going: the item says how (status + pendingSession).
			const resume: IDataObject = error instanceof ResumableLoginError ? error.state : {};
			const json = { error: nodeError.message, description: nodeError.description ?? null };
			returnData.push({
				...handOver(this, operation, itemIndex, { json: { ...json, ...resume } }),
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [returnData];
}
