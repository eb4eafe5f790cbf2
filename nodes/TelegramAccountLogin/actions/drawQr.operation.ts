import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { InputError } from '../../shared/transport/errors';
import { qrPicture } from '../login/qr';
import { requiredText } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Login Link',
		name: 'link',
		type: 'string',
		default: '={{ $json.query?.link }}',
		required: true,
		placeholder: 'tg://login?token=…',
		description:
			'The link a QR login step returned (the default reads ?link= of a Webhook request). Only tg://login links are drawn.',
	},
	{
		displayName: 'Expires At',
		name: 'expiresAt',
		type: 'string',
		default: '={{ $json.query?.expires }}',
		description:
			'When the code runs out (ms since 1970 or an ISO date; the default reads ?expires=). Gives secondsLeft and the words of a countdown.',
	},
];

export const description = updateDisplayOptions({ show: { operation: ['drawQr'] } }, properties);

/** A QR login link as a PNG (binary "qr") and SVG markup, for a page served by a Webhook. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const link = requiredText(this, 'link', itemIndex, 'Login Link');
	// Draws only Telegram login links: a public webhook must not draw whatever it is asked to.
	if (!/^tg:\/\/login\?token=[A-Za-z0-9_-]{16,200}$/.test(link)) {
		throw new InputError(
			'Login Link is not a Telegram login link',
			'Give the link of a QR login step.',
		);
	}
	const raw = String(this.getNodeParameter('expiresAt', itemIndex, '') ?? '').trim();
	const expiresAt = /^\d+$/.test(raw) ? Number(raw) : raw ? Date.parse(raw) : NaN;
	return await qrPicture.call(this, link, Number.isFinite(expiresAt) ? expiresAt : undefined);
}
