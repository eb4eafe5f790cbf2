// What the mtcute cross-check tests share: a client on the server's first DC, login with a code
// read through the control API, and a reading of mtcute's log for protocol trouble.
import { withDeadline } from '../helpers/deadline';
import type { TestServer } from '../server/index';
import type { CrosscheckServer } from './loopback-server';

/** startTestServer()'s server, or the cross-check one that also records connection errors. */
type AnyServer = TestServer & Partial<Pick<CrosscheckServer, 'connectionErrors'>>;
import { createLoopbackClient, type CodecKind, type LoopbackClient } from './mtcute-client';

export async function loginWithCode(srv: AnyServer, c: LoopbackClient, phone: string) {
	const sent = await withDeadline(c.client.sendCode({ phone }), 15_000, 'mtcute sendCode');
	if (!('phoneCodeHash' in sent)) throw new Error('sendCode returned a user: already signed in?');
	const code = srv.control.lastCode({ phone });
	if (code?.phoneCodeHash !== sent.phoneCodeHash) throw new Error('phone_code_hash differs');
	return withDeadline(
		c.client.signIn({ phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: code.code }),
		10_000,
		'mtcute signIn',
	);
}

/**
 * mtcute's own record of trouble: unknown constructors, bad_msg_notification, session resets,
 * parse failures. One bad_server_salt per fresh connection is expected: the core does not accept
 * the spec's first salt (new_nonce[0:8] XOR server_nonce[0:8]), so that first container is resent.
 */
export function protocolComplaints(logs: string[]): string[] {
	const saltsByConn = new Map<string, string[]>();
	for (const l of logs.filter((x) => /received mt_bad_server_salt/.test(x))) {
		const conn = /@ [\d.]+:\d+/.exec(l)?.[0] ?? '?';
		saltsByConn.set(conn, [...(saltsByConn.get(conn) ?? []), l]);
	}
	const bad = logs.filter((l) =>
		/unknown object|bad_msg_notification|failed to parse|invalid sessionId|session will be reset|error while/i.test(
			l,
		),
	);
	const extraSalts = [...saltsByConn.values()].flatMap((list) => list.slice(1));
	return [...bad, ...extraSalts];
}

/** Runs `fn` with a fresh mtcute client; on failure prints mtcute's log tail and server errors. */
export async function withClient<T>(
	srv: AnyServer,
	codec: CodecKind,
	fn: (c: LoopbackClient) => Promise<T>,
	opts: { reconnect?: boolean } = {},
): Promise<T> {
	const dc = srv.dcs[0];
	const c = createLoopbackClient({
		host: dc.host,
		port: dc.port,
		dcId: dc.id,
		rsaPublicKeyPem: srv.rsaPublicKeyPem,
		codec,
		reconnect: opts.reconnect,
	});
	try {
		return await fn(c);
	} catch (e) {
		// The most useful thing a failing cross-check can show: what mtcute saw on the wire.
		console.error(
			`mtcute log (${codec}), last lines:\n${c.logs.slice(-60).join('\n')}\n` +
				`server connection errors: ${JSON.stringify(srv.connectionErrors ?? 'not recorded')}`,
		);
		throw e;
	} finally {
		await withDeadline(c.close(), 5000, 'mtcute destroy');
	}
}
