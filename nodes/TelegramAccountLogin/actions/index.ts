import type { INodeProperties } from 'n8n-workflow';

import * as checkPassword from './checkPassword.operation';
import * as drawQr from './drawQr.operation';
import * as requestCode from './requestCode.operation';
import * as resendCode from './resendCode.operation';
import * as revealSession from './revealSession.operation';
import * as signIn from './signIn.operation';
import * as startQrLogin from './startQrLogin.operation';
import * as waitQrLogin from './waitQrLogin.operation';

export const operations = {
	requestCode,
	resendCode,
	signIn,
	checkPassword,
	startQrLogin,
	waitQrLogin,
	revealSession,
	drawQr,
};

/** The steps that can finish a login (and so return a session). */
export const COMPLETING = [
	'requestCode',
	'resendCode',
	'signIn',
	'checkPassword',
	'startQrLogin',
	'waitQrLogin',
];

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Check Password',
				value: 'checkPassword',
				description: 'Finish a login that needs the two-step verification (2FA) password',
				action: 'Check the 2FA password',
			},
			{
				name: 'Draw QR Code',
				value: 'drawQr',
				description: 'Draw a QR login link as an image, for a page served by a Webhook',
				action: 'Draw a QR login code',
			},
			{
				name: 'Hand Over Session',
				value: 'revealSession',
				description:
					'Return, once, the session a login step kept back with Session Output "Once, by Token"',
				action: 'Hand over a session once',
			},
			{
				name: 'Request Code',
				value: 'requestCode',
				description: 'Start a login by phone number: Telegram sends a login code',
				action: 'Request a login code',
			},
			{
				name: 'Resend Code',
				value: 'resendCode',
				description: 'Send the login code again by the next way (SMS, call)',
				action: 'Resend the login code',
			},
			{
				name: 'Sign In',
				value: 'signIn',
				description: 'Sign in with the code, and the 2FA password if the account has one',
				action: 'Sign in with the code',
			},
			{
				name: 'Start QR Login',
				value: 'startQrLogin',
				description: 'Start a login by QR code, to scan from a phone already logged in',
				action: 'Start a QR code login',
			},
			{
				name: 'Wait for QR Login',
				value: 'waitQrLogin',
				description: 'Wait until the QR code is scanned; returns a fresh QR code if it expired',
				action: 'Wait for the QR code scan',
			},
		],
		default: 'requestCode',
	},
	{
		displayName: 'Session Output',
		name: 'sessionOutput',
		type: 'options',
		default: 'session',
		displayOptions: { show: { operation: COMPLETING } },
		options: [
			{
				name: 'In the Output',
				value: 'session',
				description: 'Field session of the completed item',
			},
			{
				name: 'Once, by Token',
				value: 'token',
				description:
					'Field sessionToken instead: Hand Over Session returns the session once, within 10 minutes, in this n8n process. Keeps it out of saved executions (a Form page that waits saves them). A step that needs the 2FA password adds passwordToken, for a Telegram Account Password Page.',
			},
		],
	},
	...requestCode.description,
	...resendCode.description,
	...signIn.description,
	...checkPassword.description,
	...startQrLogin.description,
	...waitQrLogin.description,
	...revealSession.description,
	...drawQr.description,
];
