import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { interruptibleWait } from '../../shared/transport/cancel';
import type { TelegramCredential } from '../../shared/transport/credential';
import { InputError } from '../../shared/transport/errors';
import { openPending } from '../login/pendingSession';
import { exportLoginToken, isWaiting, qrItem, settleLoginToken } from '../login/qr';
import { withLoginClient } from '../login/steps';
import { pendingSessionField } from './fields';
import { qrOptions, qrOptionsCollection } from './qrFields';

const properties: INodeProperties[] = [
	pendingSessionField,
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 3600 },
		default: 180,
		description:
			'How long to wait for the scan. The step also ends when the QR code shown expires (Telegram gives about 30 seconds), with status expired and a fresh QR code.',
	},
	qrOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { operation: ['waitQrLogin'] } },
	properties,
);

/** Waits for updateLoginToken, or until the shown QR expires or the timeout ends. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credential: TelegramCredential,
): Promise<INodeExecutionData> {
	const pending = openPending(credential, this.getNodeParameter('pendingSession', itemIndex, ''));
	const timeout = Number(this.getNodeParameter('timeout', itemIndex, 180));
	if (!Number.isFinite(timeout) || timeout <= 0) {
		throw new InputError('Timeout must be a positive number of seconds', 'Set Timeout, e.g. 180.');
	}
	const options = qrOptions(this, itemIndex);
	return await withLoginClient(credential, pending, async (client) => {
		let wake = (): void => undefined;
		let scanned = false;
		client.addEventHandler((update: { className?: string }) => {
			if (update?.className !== 'UpdateLoginToken') return;
			scanned = true;
			wake();
		});
		const end = Math.min(Date.now() + timeout * 1000, pending.qrExpiresAt ?? Infinity);
		for (;;) {
			// Also asked first: the scan may have happened before this step connected.
			scanned = false;
			const outcome = await settleLoginToken(client, async () => await exportLoginToken(client));
			if (!isWaiting(outcome)) return { json: outcome };
			if (Date.now() >= end) return await qrItem.call(this, client, outcome, 'expired', options);
			// Up to an hour: a stopped execution ends it at once (the execution's cancel signal).
			const wait = interruptibleWait(end - Date.now(), this.getExecutionCancelSignal?.());
			wake = wait.wake;
			if (scanned) wait.wake();
			await wait.done;
		}
	});
}
