import type { INodeProperties } from 'n8n-workflow';

import * as checkPassword from './checkPassword.operation';
import * as requestCode from './requestCode.operation';
import * as resendCode from './resendCode.operation';
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
};

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
	...requestCode.description,
	...resendCode.description,
	...signIn.description,
	...checkPassword.description,
	...startQrLogin.description,
	...waitQrLogin.description,
];
