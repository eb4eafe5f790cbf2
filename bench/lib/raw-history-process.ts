// Raw, unmodified GramJS collecting a chat with iterMessages, in a process of its own: nothing
// of this package is loaded here (the node changes how GramJS reads longs in its process), so
// this is the floor a user's own GramJS script gets. Driven over IPC by raw-history.ts.
import { TelegramClient } from 'telegram';
import { Logger } from 'telegram/extensions';
import { LogLevel } from 'telegram/extensions/Logger';
import { StringSession } from 'telegram/sessions';

import { socketClassFor, trustRsaKey } from '../../test/helpers/gramjs';
import type { DcEndpoint } from '../../test/server/core/types';

export type RawRequest =
	| {
			op: 'connect';
			dc: DcEndpoint;
			rsaPublicKeyPem: string;
			rsaFingerprint: string;
			session: string;
	  }
	| { op: 'collect'; peer: string }
	| { op: 'stop' };

export interface RawReply {
	ok: boolean;
	ms?: number;
	count?: number;
	error?: string;
}

let client: TelegramClient | undefined;

async function answer(m: RawRequest): Promise<RawReply> {
	if (m.op === 'connect') {
		trustRsaKey(m.rsaPublicKeyPem, m.rsaFingerprint);
		client = new TelegramClient(new StringSession(m.session), 424242, '0'.repeat(32), {
			networkSocket: socketClassFor([m.dc], m.dc),
			connectionRetries: 1,
			baseLogger: new Logger(LogLevel.NONE),
		});
		await client.connect();
		return { ok: true };
	}
	if (m.op === 'collect') {
		if (!client) throw new Error('not connected');
		const entity = await client.getInputEntity(m.peer);
		const start = process.hrtime.bigint();
		let count = 0;
		for await (const message of client.iterMessages(entity, { limit: undefined }))
			if (message.id) count++;
		return { ok: true, ms: Number(process.hrtime.bigint() - start) / 1e6, count };
	}
	await client?.destroy();
	return { ok: true };
}

process.on('message', (m: RawRequest) => {
	answer(m).then(
		(reply) => {
			process.send?.(reply);
			if (m.op === 'stop') process.exit(0);
		},
		(e: Error) => process.send?.({ ok: false, error: e.message }),
	);
});
process.on('disconnect', () => process.exit(0));
