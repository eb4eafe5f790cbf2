import { NodeApiError, NodeError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

type Failure = NonNullable<ConstructorParameters<typeof NodeApiError>[2]>['failure'];

import { findErrorRow } from './errorTable';

export type TransportErrorKind =
	| 'timeout'
	| 'unreachable'
	| 'authKeyUnknown'
	| 'rsaKey'
	| 'noSession'
	| 'badSession'
	| 'wrongWorld'
	| 'cancelled'
	| 'closed'
	| 'stalled';

const TRANSPORT_TEXT: Record<TransportErrorKind, { message: string; description: string }> = {
	timeout: {
		message: 'Telegram did not answer in time',
		description:
			"The request got no answer before the credential's Request Timeout. Try again; if it keeps happening, check the network or raise the timeout.",
	},
	unreachable: {
		message: 'Could not connect to the Telegram server',
		description:
			'Check the network, the proxy settings, and for a custom server its host and port.',
	},
	authKeyUnknown: {
		message: "The server does not know this session's key",
		description:
			'The server connected but never answered: the session was terminated, or it belongs to another server (production vs test vs custom). Create a new session with the Telegram Account Login node. If the server is just very slow, raise Request Timeout.',
	},
	rsaKey: {
		message: "The server's identity could not be verified (RSA key)",
		description:
			"For a custom server, paste the server's public key into Custom RSA Public Key exactly as the server prints it.",
	},
	noSession: {
		message: 'The credential has no session yet',
		description: 'Log in with the Telegram Account Login node and paste the session it returns.',
	},
	badSession: {
		message: 'The session string is not valid',
		description:
			'Paste the whole session string returned by the Telegram Account Login node (it starts with "1").',
	},
	wrongWorld: {
		message: 'The session belongs to another Telegram server',
		description:
			"A session works only on the server it was made on (Telegram, Telegram's test servers, or one custom server). Set the credential's Server to the session's server, or log in again on this one. A custom server is never sent a Telegram session.",
	},
	cancelled: {
		message: 'The execution was cancelled',
		description: 'The workflow was stopped while the node waited.',
	},
	closed: {
		message: 'The Telegram connection was closed',
		description: 'The connection was dropped while the request ran. Run the workflow again.',
	},
	stalled: {
		message: 'Telegram updates stopped moving: every request for missed updates failed',
		description:
			"The connection is up, but Telegram's difference kept failing, so no message could be handed out. The trigger starts again from its saved position (nothing is lost). If this repeats, n8n's log shows the failing request: update the package, or report it with that line.",
	},
};

/** A credential that cannot be used as it is (a missing or malformed field). */
export class CredentialError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CredentialError';
	}
}

/** A failure of the connection itself, not an answer from Telegram. */
export class TransportError extends Error {
	constructor(
		readonly kind: TransportErrorKind,
		detail?: string,
	) {
		super(detail ? `${TRANSPORT_TEXT[kind].message}: ${detail}` : TRANSPORT_TEXT[kind].message);
		this.name = 'TransportError';
	}
}

/** A parameter the user gave cannot work; the description says how to fix it. */
export class InputError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'InputError';
	}
}

interface RpcLike {
	errorMessage?: unknown;
	code?: unknown;
	seconds?: unknown;
}

/**
 * Telegram's own error text (e.g. 'FLOOD_WAIT_42'). GramJS turns flood waits into
 * FloodWaitError / SlowModeWaitError with errorMessage 'FLOOD' and the seconds apart.
 */
export function telegramErrorText(error: unknown): string | undefined {
	if (!error || typeof error !== 'object') return undefined;
	const e = error as RpcLike;
	if (typeof e.errorMessage !== 'string') return undefined;
	if (e.errorMessage === 'FLOOD' && typeof e.seconds === 'number') {
		const slowMode = (error as Error).constructor?.name === 'SlowModeWaitError';
		return `${slowMode ? 'SLOWMODE_WAIT' : 'FLOOD_WAIT'}_${e.seconds}`;
	}
	return e.errorMessage;
}

/** Seconds Telegram asks to wait, for a flood or slow-mode error; undefined otherwise. */
export function floodWaitSeconds(error: unknown): number | undefined {
	const errorText = telegramErrorText(error);
	const match = errorText ? findErrorRow(errorText) : undefined;
	return match?.row.kind === 'rateLimit' && match.value !== undefined ? match.value : undefined;
}

const DEAD_SESSION = new Set([
	'AUTH_KEY_UNREGISTERED',
	'AUTH_KEY_INVALID',
	'AUTH_KEY_DUPLICATED',
	'AUTH_KEY_PERM_EMPTY',
	'SESSION_REVOKED',
	'SESSION_EXPIRED',
	'USER_DEACTIVATED',
	'USER_DEACTIVATED_BAN',
]);

/** True when the client can never work again with this session: the pool drops it at once. */
export function isDeadSessionError(error: unknown): boolean {
	if (error instanceof TransportError) {
		return (
			error.kind === 'authKeyUnknown' || error.kind === 'badSession' || error.kind === 'wrongWorld'
		);
	}
	const errorText = telegramErrorText(error);
	return errorText !== undefined && DEAD_SESSION.has(errorText);
}

/** True when the connection itself is suspect (timeout, drop): the pool reconnects next time. */
export function isConnectionError(error: unknown): boolean {
	return (
		error instanceof TransportError &&
		!['noSession', 'rsaKey', 'wrongWorld', 'cancelled'].includes(error.kind)
	);
}

/** What an error means for the user, before it becomes an n8n error. */
export interface ErrorReport {
	/** input: the node's parameters or the credential's form; api: Telegram / network / session. */
	side: 'input' | 'api';
	message: string;
	description?: string;
	httpCode?: string;
	failure?: Failure;
	/** Telegram's own error text, when Telegram answered. */
	errorText?: string;
}

/** Classifies any failure through the one error table (also used by the credential tests). */
export function describeError(error: unknown): ErrorReport {
	if (error instanceof CredentialError) {
		return { side: 'input', message: error.message, description: 'Fix the Telegram credential.' };
	}
	if (error instanceof InputError) {
		return { side: 'input', message: error.message, description: error.description };
	}
	if (error instanceof TransportError) {
		const credentialSide = [
			'authKeyUnknown',
			'noSession',
			'badSession',
			'rsaKey',
			'wrongWorld',
		].includes(error.kind);
		return {
			side: 'api',
			message: error.message,
			description: TRANSPORT_TEXT[error.kind].description,
			failure: { cause: credentialSide ? 'credential-invalid' : 'temporarily-unavailable' },
		};
	}
	const errorText = telegramErrorText(error);
	if (errorText === undefined) {
		return { side: 'input', message: error instanceof Error ? error.message : String(error) };
	}
	const code = (error as RpcLike).code;
	const httpCode = typeof code === 'number' ? String(code) : undefined;
	const match = findErrorRow(errorText);
	if (!match) {
		return {
			side: 'api',
			message: `Telegram error: ${errorText}`,
			description: 'Telegram refused the request. Check the parameters and try again.',
			httpCode,
			errorText,
		};
	}
	const { row, value } = match;
	const message = row.message.replace('{X}', String(value ?? '')).replace('{TEXT}', errorText);
	const failure: Failure | undefined =
		row.kind === 'rateLimit'
			? { cause: 'rate-limited', retryAfterMs: value !== undefined ? value * 1000 : undefined }
			: row.kind === 'auth'
				? { cause: 'credential-invalid' }
				: row.kind === 'telegram'
					? { cause: 'temporarily-unavailable' }
					: undefined;
	return {
		side: row.kind === 'input' ? 'input' : 'api',
		message,
		description: row.description,
		httpCode,
		failure,
		errorText,
	};
}

/**
 * The one place where any failure becomes an n8n error: Telegram / auth / rate limit →
 * NodeApiError with advice; bad input → NodeOperationError; an n8n error passes through.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeError {
	if (error instanceof NodeError) return error;
	const report = describeError(error);
	if (report.side === 'input') {
		// An unexpected Error keeps its stack; our own input errors only need their text.
		const known = error instanceof InputError || error instanceof CredentialError;
		const cause =
			error instanceof Error && !known && report.errorText === undefined ? error : report.message;
		return new NodeOperationError(node, cause, {
			itemIndex,
			message: report.message,
			description: report.description,
		});
	}
	return new NodeApiError(node, { message: report.errorText ?? report.message } as JsonObject, {
		message: report.message,
		description: report.description,
		httpCode: report.httpCode,
		itemIndex,
		failure: report.failure,
	});
}
