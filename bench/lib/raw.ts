// Raw GramJS, unmodified, pointed at the bench server: the floor every node figure is divided by.
import { TelegramClient } from 'telegram';
import { Logger } from 'telegram/extensions';
import { LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';

import { socketClassFor, trustRsaKey } from '../../test/helpers/gramjs';
import { API_HASH, API_ID } from './accounts';
import type { BenchServer } from './server';

/** A raw GramJS client (not connected). An empty session = a fresh DH handshake on connect. */
export function rawClient(server: BenchServer, session = ''): TelegramClient {
	trustRsaKey(server.rsaPublicKeyPem, server.rsaFingerprint);
	const string = new StringSession(session);
	if (!session) string.setDC(server.dc.id, server.dc.host, server.dc.port);
	return new TelegramClient(string, API_ID, API_HASH, {
		networkSocket: socketClassFor([server.dc], server.dc),
		connectionRetries: 1,
		requestRetries: 1,
		autoReconnect: false,
		baseLogger: new Logger(LogLevel.NONE),
	});
}

export async function connectRaw(server: BenchServer, session: string): Promise<TelegramClient> {
	const client = rawClient(server, session);
	try {
		await client.connect();
	} catch (e) {
		await client.destroy().catch(() => undefined);
		throw e;
	}
	return client;
}
