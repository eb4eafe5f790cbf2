import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { Api, TelegramAccountClient } from './transport/client';
import { parseCredential } from './transport/credential';
import { describeError, TransportError } from './transport/errors';

function failed(error: unknown): INodeCredentialTestResult {
	const report = describeError(error);
	const message = report.description ? `${report.message}. ${report.description}` : report.message;
	return { status: 'Error', message };
}

/** Connects with a fresh client (never the pooled one: the form may have just changed). */
async function withFreshClient(
	data: ICredentialsDecrypted['data'],
	needSession: boolean,
	check: (client: TelegramAccountClient) => Promise<string>,
): Promise<INodeCredentialTestResult> {
	let client: TelegramAccountClient | undefined;
	try {
		const credential = parseCredential(data ?? {});
		if (needSession && !credential.session) throw new TransportError('noSession');
		client = new TelegramAccountClient(credential);
		await client.open();
		return { status: 'OK', message: await check(client) };
	} catch (error) {
		return failed(error);
	} finally {
		await client?.destroy();
	}
}

/** Account credential: the session works → "Logged in as @name (id)". */
export async function telegramAccountApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await withFreshClient(credential.data, true, async (client) => {
		const me = (await client.getMe()) as Api.User;
		const name = me.username
			? `@${me.username}`
			: [me.firstName, me.lastName].filter(Boolean).join(' ');
		return `Logged in as ${name || 'user'} (${me.id.toString()})`;
	});
}

/**
 * App credential: Telegram checks api_id / api_hash only when a login starts, so ask for a
 * QR login token (sends nothing to anyone, expires by itself).
 */
export async function telegramAppApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return await withFreshClient(credential.data, false, async (client) => {
		await client.invoke(
			new Api.auth.ExportLoginToken({
				apiId: client.apiId,
				apiHash: client.apiHash,
				exceptIds: [],
			}),
		);
		return 'API ID and API Hash accepted by Telegram';
	});
}
