// QR login: the tg://login link of a token, its PNG as n8n binary data (the output panel shows
// it), and the outcome of auth.exportLoginToken / importLoginToken after a scan.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { toBuffer, toString as toText } from 'qrcode';

import { Api, type TelegramAccountClient } from '../../shared/transport/client';
import { authorized, needsPassword, passwordRequired, sealClient, type LoginStatus } from './steps';

export interface QrOptions {
	/** Binary property the PNG goes to. */
	binaryProperty: string;
	/** Also output the QR as SVG markup (an HTML page, an email). */
	svg: boolean;
	/** Also output the QR drawn with block characters (an n8n Form page takes no images). */
	text: boolean;
}

export function loginLink(token: Buffer): string {
	return `tg://login?token=${token.toString('base64url')}`;
}

/** auth.exportLoginToken: a token to show, or the outcome once a second device accepted one. */
export async function exportLoginToken(
	client: TelegramAccountClient,
): Promise<Api.auth.TypeLoginToken> {
	const { apiId, apiHash } = client.credential;
	return await client.invoke(new Api.auth.ExportLoginToken({ apiId, apiHash, exceptIds: [] }));
}

/**
 * The end of a scanned login: success, or the DC switch Telegram asks for (the account lives on
 * another DC) and importLoginToken there. Undefined while the token waits for a scan.
 */
export async function settleLoginToken(
	client: TelegramAccountClient,
	answer: () => Promise<Api.auth.TypeLoginToken>,
): Promise<IDataObject | Api.auth.LoginToken> {
	const settle = async (): Promise<IDataObject | Api.auth.LoginToken> => {
		let result = await answer();
		if (result instanceof Api.auth.LoginTokenMigrateTo) {
			const { dcId, token } = result;
			await client.switchToDc(dcId);
			result = await client.invoke(new Api.auth.ImportLoginToken({ token }));
		}
		if (result instanceof Api.auth.LoginTokenSuccess)
			return authorized(client, result.authorization);
		if (result instanceof Api.auth.LoginToken) return result;
		throw new Error('Telegram answered the QR login with an unexpected result');
	};
	// SESSION_PASSWORD_NEEDED is not a failure here: the form asks for the password next.
	return await settle().catch(async (error: unknown) =>
		needsPassword(error) ? await passwordRequired(client) : await Promise.reject(error),
	);
}

/** True while the token still waits for a scan (settleLoginToken gave no result yet). */
export const isWaiting = (
	outcome: IDataObject | Api.auth.LoginToken,
): outcome is Api.auth.LoginToken => outcome instanceof Api.auth.LoginToken;

/** How long a code still works, in a person's words ("about 25 seconds"). */
export function timeLeftInWords(ms: number): string {
	const seconds = Math.round(ms / 1000);
	if (seconds <= 0) return 'no time: it ran out';
	if (seconds < 5) return 'a few seconds';
	if (seconds < 90) return `about ${5 * Math.round(seconds / 5) || seconds} seconds`;
	return `about ${Math.round(seconds / 60)} minutes`;
}

const png = async (link: string) =>
	await toBuffer(link, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 320 });

/** A login link drawn: PNG binary `qr`, SVG markup, and the time it has left. */
export async function qrPicture(
	this: IExecuteFunctions,
	link: string,
	expiresAt?: number,
): Promise<INodeExecutionData> {
	const json: IDataObject = {
		link,
		qrSvg: await toText(link, { type: 'svg', margin: 2, width: 320 }),
	};
	if (expiresAt !== undefined) {
		const left = expiresAt - Date.now();
		json.secondsLeft = Math.max(0, Math.round(left / 1000));
		json.expired = left <= 0;
		json.timeLeft = timeLeftInWords(left);
	}
	const binary = await this.helpers.prepareBinaryData(
		await png(link),
		'telegram-login-qr.png',
		'image/png',
	);
	return { json, binary: { qr: binary } };
}

/** Status `ready` (first QR) or `expired` (a fresh QR after the shown one ran out). */
export async function qrItem(
	this: IExecuteFunctions,
	client: TelegramAccountClient,
	token: Api.auth.LoginToken,
	status: Extract<LoginStatus, 'ready' | 'expired'>,
	options: QrOptions,
): Promise<INodeExecutionData> {
	const link = loginLink(token.token);
	const expiresAt = token.expires * 1000;
	const json: IDataObject = {
		status,
		link,
		expiresAt: new Date(expiresAt).toISOString(),
		expiresAtMs: expiresAt,
		timeLeft: timeLeftInWords(expiresAt - Date.now()),
		pendingSession: sealClient(client, { qrExpiresAt: expiresAt }),
	};
	if (options.svg) json.qrSvg = await toText(link, { type: 'svg', margin: 2, width: 320 });
	if (options.text) json.qrText = await toText(link, { type: 'utf8', margin: 2 });
	const binary = await this.helpers.prepareBinaryData(
		await png(link),
		'telegram-login-qr.png',
		'image/png',
	);
	return { json, binary: { [options.binaryProperty]: binary } };
}
