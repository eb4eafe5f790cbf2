import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { TelegramCredential } from '../../shared/transport/credential';
import { openPending } from '../login/pendingSession';
import {
	authorized,
	checkPassword,
	passwordRequired,
	signInWithCode,
	withLoginClient,
} from '../login/steps';
import {
	consumePassword,
	passwordField,
	pendingSessionField,
	phoneCodeHashField,
	phoneCodeHashOf,
	phoneField,
	requiredText,
} from './fields';

const properties: INodeProperties[] = [
	phoneField,
	{
		displayName: 'Code',
		name: 'code',
		type: 'string',
		default: '',
		required: true,
		description: 'The login code Telegram sent (in the Telegram app, by SMS or by call)',
	},
	phoneCodeHashField,
	pendingSessionField,
	{
		...passwordField,
		description:
			'The 2FA password, if the account has one (removed from the input item once used). Leave empty to get status password_required instead, then use Check Password.',
	},
];

export const description = updateDisplayOptions({ show: { operation: ['signIn'] } }, properties);

/** auth.signIn; with 2FA on, the password now (if given) or status password_required. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	credential: TelegramCredential,
): Promise<INodeExecutionData> {
	const phone = requiredText(this, 'phoneNumber', itemIndex, 'Phone Number');
	// Codes are often pasted as "12 345" or "12-345".
	const phoneCode = requiredText(this, 'code', itemIndex, 'Code').replace(/[\s-]/g, '');
	const pending = openPending(credential, this.getNodeParameter('pendingSession', itemIndex, ''));
	const phoneCodeHash = phoneCodeHashOf(this, itemIndex, pending);
	const password = consumePassword(this, itemIndex);
	const json = await withLoginClient(
		credential,
		pending,
		async (client) => {
			const request = { phoneNumber: phone, phoneCodeHash, phoneCode };
			const answer = await signInWithCode(client, request);
			if (answer) return authorized(client, answer);
			return password ? await checkPassword(client, password) : await passwordRequired(client);
		},
		{ secrets: password ? [password] : [], refuseSignedIn: true },
	);
	return { json };
}
