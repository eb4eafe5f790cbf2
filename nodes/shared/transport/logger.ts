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

/** Cuts every secret (and its base64 / URL-safe forms) out of a log line. */
export function redact(message: string, secrets: readonly string[]): string {
	let out = message;
	for (const secret of secrets) {
		if (!secret) continue;
		out = out.split(secret).join('[redacted]');
	}
	return out;
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
