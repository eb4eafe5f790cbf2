// What a failed updates.* request means for the engine: the session is dead, Telegram refuses this
// one channel (left, banned, private), or try again later on the same connection.
import {
	floodWaitSeconds,
	isDeadSessionError,
	telegramErrorText,
	TransportError,
} from '../transport/errors';
import { engineSettings } from './timers';

export type FailureAction = { kind: 'fatal' } | { kind: 'skip' } | { kind: 'retry'; ms: number };

/** Telegram's answers that mean "not this channel, not any more": retrying cannot help. */
const CHANNEL_GONE =
	/^(CHANNEL_(PRIVATE|INVALID|PUBLIC_GROUP_NA)|CHAT_(FORBIDDEN|ID_INVALID)|USER_BANNED_IN_CHANNEL|MSG_ID_INVALID)$/;

export function failureAction(error: unknown, channel: boolean): FailureAction {
	if (isDeadSessionError(error)) return { kind: 'fatal' };
	const seconds = floodWaitSeconds(error);
	if (seconds !== undefined) return { kind: 'retry', ms: seconds * 1000 };
	const text = telegramErrorText(error);
	if (channel && text && CHANNEL_GONE.test(text)) return { kind: 'skip' };
	// Timeouts, drops and Telegram's internal errors: the same request later.
	return { kind: 'retry', ms: engineSettings.retryMs };
}

export function asError(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}

/** Retried past the stall bound: the stream ends with this, naming the last failure. */
export function stalled(error: unknown): TransportError {
	return new TransportError('stalled', `last error: ${asError(error).message}`);
}
