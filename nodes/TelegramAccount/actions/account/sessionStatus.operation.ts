import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import type { TelegramAccountClient } from '../../../shared/transport/client';
import { describeError, toNodeError } from '../../../shared/transport/errors';
import { asTl, serializeUser } from '../../../shared/transport/serialize';

const properties: INodeProperties[] = [];

export const description = updateDisplayOptions(
	{ show: { resource: ['account'], operation: ['sessionStatus'] } },
	properties,
);

/** Whether the session is logged in, as whom, and on which data centre; a dead session is a result, not an error. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const where = {
		dcId: client.session.dcId,
		server: client.credential.server,
		connected: Boolean(client.connected),
	};
	try {
		const me = await client.getMe();
		return [{ authorized: true, user: serializeUser(asTl(me)), ...where, problem: null }];
	} catch (error) {
		const report = describeError(error);
		// Only a session Telegram rejected answers "not authorized"; anything else is a real failure.
		if (report.failure?.cause !== 'credential-invalid')
			throw toNodeError(this.getNode(), error, itemIndex);
		return [
			{
				authorized: false,
				user: null,
				...where,
				problem: report.message,
				advice: report.description ?? null,
			},
		];
	}
}
