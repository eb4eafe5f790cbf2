// Fields several login steps share. Defaults read the previous step's output, so the steps chain
// without setup: Request Code → Sign In → Check Password.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InputError } from '../../shared/transport/errors';

export const phoneField: INodeProperties = {
	displayName: 'Phone Number',
	name: 'phoneNumber',
	type: 'string',
	default: '={{ $json.phone }}',
	required: true,
	placeholder: '+14155550123',
	description: "The account's phone number in international format",
};

export const phoneCodeHashField: INodeProperties = {
	displayName: 'Phone Code Hash',
	name: 'phoneCodeHash',
	type: 'string',
	default: '={{ $json.phoneCodeHash }}',
	required: true,
	description: 'The phoneCodeHash returned by Request Code',
};

export const pendingSessionField: INodeProperties = {
	displayName: 'Pending Session',
	name: 'pendingSession',
	type: 'string',
	typeOptions: { password: true },
	default: '={{ $json.pendingSession }}',
	required: true,
	description:
		'The pendingSession returned by the previous login step (sealed: it only works with the same credential)',
};

export const passwordField: INodeProperties = {
	displayName: 'Password',
	name: 'password',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	description: "The account's two-step verification (2FA) password",
};

/** A required text parameter, trimmed; empty → a clear input error. */
export function requiredText(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label: string,
): string {
	const value = String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!value) throw new InputError(`${label} is empty`, `Give the ${label} for this item.`);
	return value;
}
