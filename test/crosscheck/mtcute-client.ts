// An mtcute client wired to the loopback server: speaks GramJS's layer through the layer-198 maps,
// trusts the server's RSA key, dials 127.0.0.1 with a chosen TCP framing, keeps its session in
// memory (no native sqlite) and records its log so a failing test can show what happened.
import './mtcute-quiet';
import { createPublicKey } from 'node:crypto';
import {
	IntermediatePacketCodec,
	MemoryStorage,
	ObfuscatedPacketCodec,
	PaddedIntermediatePacketCodec,
	type IPacketCodec,
	type TelegramTransport,
} from '@mtcute/core';
import { addPublicKey, LogManager, type BasicDcOption } from '@mtcute/core/utils.js';
import { BaseTelegramClient, TcpTransport, TelegramClient } from '@mtcute/node';
import { layer198Maps } from './tl-maps';

/** intermediate is mtcute's Node default; the others exercise the server's other framings. */
export type CodecKind = 'intermediate' | 'padded' | 'obfuscated' | 'obfuscated-padded';

export interface LoopbackClientOptions {
	host: string;
	port: number;
	dcId: number;
	/** The server's RSA public key (PKCS#1 or SPKI PEM). */
	rsaPublicKeyPem: string;
	codec?: CodecKind;
	apiId?: number;
	/** Let mtcute reconnect after a dropped connection (default: no, so a drop fails fast). */
	reconnect?: boolean;
}

export interface LoopbackClient {
	client: TelegramClient;
	base: BaseTelegramClient;
	/** mtcute's own log lines (debug level), formatted. */
	logs: string[];
	close(): Promise<void>;
}

class LoopbackTransport implements TelegramTransport {
	private readonly tcp = new TcpTransport();

	constructor(private readonly codec: CodecKind) {}

	connect(dc: BasicDcOption) {
		return this.tcp.connect(dc);
	}

	packetCodec(): IPacketCodec {
		switch (this.codec) {
			case 'padded':
				return new PaddedIntermediatePacketCodec();
			case 'obfuscated':
				return new ObfuscatedPacketCodec(new IntermediatePacketCodec());
			case 'obfuscated-padded':
				return new ObfuscatedPacketCodec(new PaddedIntermediatePacketCodec());
			default:
				return new IntermediatePacketCodec();
		}
	}
}

/** printf-ish formatting of mtcute's log calls (%s %d %l %j %h %b %e). */
function formatLog(fmt: string, args: unknown[]): string {
	let i = 0;
	return fmt.replace(/%[a-z]/g, () => {
		const v = args[i++];
		if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
		if (typeof v === 'object' && v !== null) {
			try {
				return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x));
			} catch {
				return String(v);
			}
		}
		return String(v);
	});
}

export function createLoopbackClient(opts: LoopbackClientOptions): LoopbackClient {
	const { layer, readerMap, writerMap } = layer198Maps();
	const dc = { id: opts.dcId, ipAddress: opts.host, port: opts.port };
	const base = new BaseTelegramClient({
		apiId: opts.apiId ?? 2040,
		apiHash: 'loopback-test-hash',
		storage: new MemoryStorage(),
		defaultDcs: { main: dc, media: { ...dc, mediaOnly: true } },
		transport: new LoopbackTransport(opts.codec ?? 'intermediate'),
		overrideLayer: layer,
		readerMap,
		writerMap,
		logLevel: LogManager.DEBUG,
		// A reconnect loop would hide a server that drops us: fail fast unless a test wants it.
		reconnectionStrategy: opts.reconnect
			? (s) => Math.min(50 * (s.consequentFails + 1), 500)
			: () => false,
	});
	const logs: string[] = [];
	const t0 = Date.now();
	base.log.mgr.handler = (_color, level, tag, fmt, args) => {
		logs.push(`+${Date.now() - t0}ms ${level} [${tag}] ${formatLog(fmt, args)}`);
		if (logs.length > 5000) logs.splice(0, 1000);
	};
	// mtcute parses PKCS#1 only; its key index is process-wide, so adding twice is harmless.
	const pkcs1 = createPublicKey(opts.rsaPublicKeyPem).export({ type: 'pkcs1', format: 'pem' });
	addPublicKey(base.crypto, pkcs1.toString());
	const client = new TelegramClient({ client: base });
	keepPostponedTimerAsync(base);
	let closed = false;
	return {
		client,
		base,
		logs,
		close: async () => {
			if (closed) return;
			closed = true;
			await client.destroy();
		},
	};
}

/**
 * Works around a race in mtcute 0.30.3's updates loop, so that a cross-check fails only for our
 * server. Node may fire the 0.5 s gap timer a few microseconds before `performance.now()` reaches
 * the deadline; the loop then sees the postponed update "still waiting" and re-arms the timer with
 * `emitBefore(deadline)`, which, once the deadline has passed while it logged, calls the handler
 * synchronously: the "timed out" flag it sets is cleared a few lines later in the same tick, and
 * the loop sleeps until some other update wakes it (seen in CI: the gap never closed). Asking for
 * at least 1 ms from now always goes through a real timer, which the loop does not lose.
 */
function keepPostponedTimerAsync(base: BaseTelegramClient): void {
	const timer = base.updates?.postponedTimer;
	if (!timer) throw new Error('mtcute has no updates manager: the cross-check needs updates on');
	const emitBefore = timer.emitBefore.bind(timer);
	timer.emitBefore = (ts: number) => emitBefore(Math.max(ts, performance.now() + 1));
}
