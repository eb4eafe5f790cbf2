import { LoggerProxy } from 'n8n-workflow';

/** The slice of n8n's logger the transport writes to. */
export interface LogSink {
	debug(message: string, meta?: Record<string, unknown>): void;
	info(message: string, meta?: Record<string, unknown>): void;
	warn(message: string, meta?: Record<string, unknown>): void;
	error(message: string, meta?: Record<string, unknown>): void;
}

/** n8n's process logger (LoggerProxy), looked up on every call so tests can swap it. */
export const n8nLogSink: LogSink = {
	debug: (message, meta) => LoggerProxy.debug(message, meta),
	info: (message, meta) => LoggerProxy.info(message, meta),
	warn: (message, meta) => LoggerProxy.warn(message, meta),
	error: (message, meta) => LoggerProxy.error(message, meta),
};

const unpadded = (base64: string) => base64.replace(/=+$/, '');

/** A session string's bytes and its auth key's, or undefined for any other secret. */
function sessionParts(secret: string): { raw: Buffer; key: Buffer } | undefined {
	if (secret.length < 300 || !/^1[A-Za-z0-9+/]+={0,2}$/.test(secret)) return undefined;
	const raw = Buffer.from(secret.slice(1), 'base64');
	// dc u8 | addrLen i16 | addr | port i16 | key (256 B, or 255 when GramJS dropped a zero byte)
	const addressLength = raw.readInt16BE(1);
	const keyStart = (addressLength > 100 ? 17 : 3 + addressLength) + 2;
	const key = raw.subarray(keyStart);
	return key.length >= 255 && key.length <= 256 ? { raw, key } : undefined;
}

/** Every text form a secret may take in a log line or an error: as is, base64, base64url, hex. */
export function secretForms(secret: string): string[] {
	const forms = new Set<string>([secret]);
	const bytes = (b: Buffer) => {
		forms.add(b.toString('base64'));
		forms.add(unpadded(b.toString('base64')));
		forms.add(b.toString('base64url'));
		forms.add(b.toString('hex'));
		forms.add(b.toString('hex').toUpperCase());
	};
	bytes(Buffer.from(secret, 'utf8'));
	const session = sessionParts(secret);
	if (session) {
		forms.add(unpadded(secret.slice(1)));
		bytes(session.raw);
		bytes(session.key);
	}
	return [...forms].filter((f) => f !== '');
}

const formCache = new Map<string, string[]>();

function formsOf(secret: string): string[] {
	let forms = formCache.get(secret);
	if (!forms) {
		if (formCache.size > 256) formCache.clear();
		forms = secretForms(secret);
		formCache.set(secret, forms);
	}
	return forms;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Secrets shorter than this are cut only where they stand alone, not inside longer words. */
export const SHORT_SECRET = 6;

/** A pattern for a short secret standing alone (a 3-letter password, not every "abc" inside a word). */
export const aloneRegExp = (text: string) =>
	new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(text)}(?![A-Za-z0-9])`, 'g');

/**
 * Cuts every secret out of a text: the session, its auth key and the api_hash in their base64,
 * base64url and hex forms, and every password whatever its length.
 */
export function redact(message: string, secrets: readonly string[]): string {
	let out = message;
	for (const secret of secrets) {
		if (!secret) continue;
		for (const form of formsOf(secret)) {
			out =
				form.length < SHORT_SECRET
					? out.replace(aloneRegExp(form), '[redacted]')
					: out.split(form).join('[redacted]');
		}
	}
	return out;
}

/** A sink that redacts every secret (in every encoding) from each line and its meta's strings. */
export function redactingSink(sink: LogSink, secrets: readonly string[]): LogSink {
	const clean = (meta?: Record<string, unknown>) =>
		meta &&
		Object.fromEntries(
			Object.entries(meta).map(([k, v]) => [k, typeof v === 'string' ? redact(v, secrets) : v]),
		);
	return {
		debug: (message, meta) => sink.debug(redact(message, secrets), clean(meta)),
		info: (message, meta) => sink.info(redact(message, secrets), clean(meta)),
		warn: (message, meta) => sink.warn(redact(message, secrets), clean(meta)),
		error: (message, meta) => sink.error(redact(message, secrets), clean(meta)),
	};
}

export type GramLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * GramJS is chatty (every connect, every reconnect) and logs through console by default.
 * Its errors become n8n warnings (the node reports the real failure), the rest n8n debug lines.
 */
export function routeGramLog(
	sink: LogSink,
	secrets: readonly string[],
	level: GramLevel,
	message: string,
): void {
	const line = `Telegram client: ${redact(String(message), secrets)}`;
	if (level === 'error') sink.warn(line);
	else sink.debug(line);
}
