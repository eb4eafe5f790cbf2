import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { TelegramCredential } from '../../shared/transport/credential';
import { exportLoginToken, isWaiting, qrItem, settleLoginToken } from '../login/qr';
import { withLoginClient } from '../login/steps';
import { qrOptions, qrOptionsCollection } from './qrFields';

const properties: INodeProperties[] = [qrOptionsCollection];

export const description = updateDisplayOptions(
	{ show: { operation: ['startQrLogin'] } },
	properties,
);

/** A new login key and its first QR code (status ready), to scan in Settings → Devices. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credential: TelegramCredential,
): Promise<INodeExecutionData> {
	const options = qrOptions(this, itemIndex);
	return await withLoginClient(credential, undefined, async (client) => {
		const outcome = await settleLoginToken(client, async () => await exportLoginToken(client));
		if (!isWaiting(outcome)) return { json: outcome };
		return await qrItem.call(this, client, outcome, 'ready', options);
	});
}
