import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { Api } from '../../shared/transport/client';
import type { TelegramCredential } from '../../shared/transport/credential';
import { openPending } from '../login/pendingSession';
import { codeSent, withLoginClient } from '../login/steps';
import {
	pendingSessionField,
	phoneCodeHashField,
	phoneCodeHashOf,
	phoneField,
	requiredText,
} from './fields';

const properties: INodeProperties[] = [phoneField, phoneCodeHashField, pendingSessionField];

export const description = updateDisplayOptions(
	{ show: { operation: ['resendCode'] } },
	properties,
);

/** auth.resendCode: Telegram sends the same code again by the next type (SMS, call…). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credential: TelegramCredential,
): Promise<INodeExecutionData> {
	const phone = requiredText(this, 'phoneNumber', itemIndex, 'Phone Number');
	const pending = openPending(credential, this.getNodeParameter('pendingSession', itemIndex, ''));
	const phoneCodeHash = phoneCodeHashOf(this, itemIndex, pending);
	const json = await withLoginClient(
		credential,
		pending,
		async (client) => {
			const sent = await client.invoke(
				new Api.auth.ResendCode({ phoneNumber: phone, phoneCodeHash }),
			);
			return codeSent(client, phone, sent);
		},
		{ refuseSignedIn: true },
	);
	return { json };
}
