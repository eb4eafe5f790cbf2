// GramJS, unmodified, pointed at the loopback server: a socket class that dials the server's DCs
// (GramJS in Node always dials <address>:80) and the server's RSA key trusted for the DH exchange.
import { createPublicKey } from 'node:crypto';
import bigInt from 'big-integer';
import { TelegramClient } from 'telegram';
import { _serverKeys } from 'telegram/crypto/RSA';
import { Logger, PromisedNetSockets } from 'telegram/extensions';
import { LogLevel } from 'telegram/extensions/Logger';
import {
	ConnectionTCPAbridged,
	ConnectionTCPFull,
	ConnectionTCPObfuscated,
} from 'telegram/network/connection';
import { StringSession } from 'telegram/sessions';
import type { DcEndpoint, MtprotoServer } from '../server/core/types';
import { withDeadline } from './deadline';

export type GramJsTransport = 'full' | 'abridged' | 'obfuscated';

const CONNECTIONS = {
	full: ConnectionTCPFull,
	abridged: ConnectionTCPAbridged,
	obfuscated: ConnectionTCPObfuscated,
};

/** Lets GramJS run a fresh DH handshake against a server using this public key. */
export function trustRsaKey(publicKeyPem: string, fingerprint: string): void {
	const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' });
	const n = bigInt(Buffer.from(jwk.n!, 'base64url').toString('hex'), 16);
	const e = Number(bigInt(Buffer.from(jwk.e!, 'base64url').toString('hex'), 16));
	_serverKeys.set(fingerprint, { n, e });
}

/**
 * A PromisedNetSockets that dials the DC whose host GramJS asks for (each DC of the loopback
 * server has its own address), on that DC's port; unknown addresses go to `fallback`.
 */
export function socketClassFor(dcs: DcEndpoint[], fallback: DcEndpoint): typeof PromisedNetSockets {
	return class LoopbackSocket extends PromisedNetSockets {
		override connect(_port: number, ip: string) {
			const dc = dcs.find((d) => d.host === ip) ?? fallback;
			return super.connect(dc.port, dc.host);
		}
	};
}

export interface ConnectOptions {
	server: MtprotoServer;
	/** DC to connect to (default: the server's first). */
	dcId?: number;
	/** A StringSession string; empty or absent = fresh DH handshake. */
	session?: string;
	transport?: GramJsTransport;
	apiId?: number;
	apiHash?: string;
	/** Deadline for connect() (ms). */
	connectTimeoutMs?: number;
	/** Let GramJS reconnect after the server drops the connection (default false). */
	autoReconnect?: boolean;
	/** Connect through an MTProxy at this host (one of the server's DC hosts) with this secret. */
	mtproxy?: { host: string; secret: string };
}

/** A connected TelegramClient (logger silenced, few retries). Always `destroy()` it. */
export async function connectGramJs(opts: ConnectOptions): Promise<TelegramClient> {
	const { server } = opts;
	const dc = server.dcs.find((d) => d.id === (opts.dcId ?? server.dcs[0].id));
	if (!dc) throw new Error(`server has no DC ${opts.dcId}`);
	trustRsaKey(server.rsaPublicKeyPem, server.rsaFingerprint);
	const session = new StringSession(opts.session ?? '');
	if (!opts.session) session.setDC(dc.id, dc.host, dc.port);
	const client = new TelegramClient(session, opts.apiId ?? 12345, opts.apiHash ?? 'test-api-hash', {
		connection: CONNECTIONS[opts.transport ?? 'full'],
		networkSocket: socketClassFor(server.dcs, dc),
		connectionRetries: 1,
		requestRetries: 1,
		retryDelay: 100,
		autoReconnect: opts.autoReconnect ?? false,
		baseLogger: new Logger(LogLevel.NONE),
		...(opts.mtproxy && {
			proxy: { ip: opts.mtproxy.host, port: 443, secret: opts.mtproxy.secret, MTProxy: true },
		}),
	});
	try {
		await withDeadline(client.connect(), opts.connectTimeoutMs ?? 10_000, 'GramJS connect');
	} catch (e) {
		await client.destroy().catch(() => undefined);
		throw e;
	}
	return client;
}
