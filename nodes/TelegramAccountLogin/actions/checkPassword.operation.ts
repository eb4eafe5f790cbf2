import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { TelegramCredential } from '../../shared/transport/credential';
import { InputError } from '../../shared/transport/errors';
import { openPending } from '../login/pendingSession';
import { checkPendingPassword } from '../login/steps';
import { consumePassword, passwordField, pendingSessionField } from './fields';

const properties: INodeProperties[] = [pendingSessionField, { ...passwordField, required: true }];

export const description = updateDisplayOptions(
	{ show: { operation: ['checkPassword'] } },
	properties,
);

/** The 2FA step after Sign In or a QR scan answered password_required; can be retried. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credential: TelegramCredential,
): Promise<INodeExecutionData> {
	const pending = openPending(credential, this.getNodeParameter('pendingSession', itemIndex, ''));
	const password = consumePassword(this, itemIndex);
	if (!password) throw new InputError('Password is empty', "Give the account's 2FA password.");
	return { json: await checkPendingPassword(credential, pending, password) };
}
