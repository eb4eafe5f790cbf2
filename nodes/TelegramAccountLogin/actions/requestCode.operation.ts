import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { Api } from '../../shared/transport/client';
import type { TelegramCredential } from '../../shared/transport/credential';
import { codeSent, withLoginClient } from '../login/steps';
import { phoneField, requiredText } from './fields';

const properties: INodeProperties[] = [
	{ ...phoneField, default: '' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Ask for SMS at Once',
				name: 'forceSms',
				type: 'boolean',
				default: false,
				description:
					'Whether to ask for an SMS right away when Telegram first sends the code to the Telegram app',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['requestCode'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credential: TelegramCredential,
): Promise<INodeExecutionData> {
	const phone = requiredText(this, 'phoneNumber', itemIndex, 'Phone Number');
	const { forceSms } = this.getNodeParameter('options', itemIndex, {}) as { forceSms?: boolean };
	const json = await withLoginClient(credential, undefined, async (client) => {
		const { apiId, apiHash } = credential;
		// GramJS follows PHONE_MIGRATE_X itself: the pending session then lives on the home DC.
		let sent = await client.invoke(
			new Api.auth.SendCode({
				phoneNumber: phone,
				apiId,
				apiHash,
				settings: new Api.CodeSettings({}),
			}),
		);
		// There is no "SMS please" flag any more: resending moves to the next type (app → SMS).
		if (
			forceSms &&
			sent instanceof Api.auth.SentCode &&
			sent.type instanceof Api.auth.SentCodeTypeApp &&
			sent.nextType
		) {
			sent = await client.invoke(
				new Api.auth.ResendCode({ phoneNumber: phone, phoneCodeHash: sent.phoneCodeHash }),
			);
		}
		return codeSent(client, phone, sent);
	});
	return { json };
}
