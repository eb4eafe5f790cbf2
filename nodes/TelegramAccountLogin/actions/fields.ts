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
	default: '',
	description:
		'Only for a code requested outside this node. Request Code keeps its phone code hash sealed inside pendingSession (so no saved execution shows it); leave empty to use that one.',
};

/** The phone code hash given, else the one sealed in the pending login by Request Code. */
export function phoneCodeHashOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	pending: { phoneCodeHash?: string },
): string {
	const given = String(ctx.getNodeParameter('phoneCodeHash', itemIndex, '') ?? '').trim();
	const hash = given || pending.phoneCodeHash;
	if (!hash) {
		throw new InputError(
			'Phone Code Hash is empty',
			'Pass on the pendingSession of Request Code (it holds the phone code hash), or give the hash.',
		);
	}
	return hash;
}

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
	description:
		"The account's two-step verification (2FA) password. Once used, any top-level field of the input item that holds it (e.g. a Form page's answer) is removed, so it is not passed on.",
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

/**
 * Reads the 2FA password (not trimmed: spaces may be part of it) and drops every top-level field
 * of the input item that holds it: the item is the Form page's stored output, so the typed
 * password is not saved with the execution once this step has used it.
 */
export function consumePassword(ctx: IExecuteFunctions, itemIndex: number): string {
	const password = String(ctx.getNodeParameter('password', itemIndex, '') ?? '');
	const json = password ? ctx.getInputData()[itemIndex]?.json : undefined;
	for (const key of Object.keys(json ?? {})) if (json?.[key] === password) delete json[key];
	return password;
}
