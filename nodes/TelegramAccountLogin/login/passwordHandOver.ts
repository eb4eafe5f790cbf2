// The 2FA step of a form login, handed to a page of our own by a token: an n8n Form page's answer
// is written to the database before any node sees it, so a typed password must never be one.
// The sealed pending login waits here, in this process's memory, for the password (decision 0015).
import type { IDataObject } from 'n8n-workflow';

import type { TelegramCredential } from '../../shared/transport/credential';
import { describeError, InputError } from '../../shared/transport/errors';
import { ResumableLoginError } from './errors';
import { keepForHandOver } from './handOver';
import { KeptByToken } from './keptByToken';
import { openPending, PENDING_LIFETIME_MS } from './pendingSession';
import { checkPendingPassword } from './steps';

interface PasswordLogin {
	pendingSession: string;
	passwordHint: string | null;
	/** A check is running: a second one at once would race it for the same login. */
	checking: boolean;
}

/** As long as the pending login it holds can be resumed. */
const logins = new KeptByToken<PasswordLogin>(PENDING_LIFETIME_MS);

/** A `password_required` result, with passwordToken for the password page. */
export function keepForPasswordPage(result: IDataObject): IDataObject {
	if (typeof result.pendingSession !== 'string') return result;
	const hint = typeof result.passwordHint === 'string' ? result.passwordHint : null;
	const token = logins.keep({
		pendingSession: result.pendingSession,
		passwordHint: hint,
		checking: false,
	});
	return { ...result, passwordToken: token };
}

/** The hint of a login that still waits for its password; undefined once gone. */
export function passwordPageLogin(token: string): { passwordHint: string | null } | undefined {
	const login = logins.peek(token);
	return login && { passwordHint: login.passwordHint };
}

/** What the page shows after a password was sent. */
export type PasswordOutcome =
	| { outcome: 'completed'; sessionToken: string }
	| { outcome: 'retry'; message: string; description?: string; passwordHint: string | null }
	| { outcome: 'gone' };

const retry = (login: PasswordLogin, error: unknown): PasswordOutcome => {
	const { message, description } = describeError(error);
	return { outcome: 'retry', message, description, passwordHint: login.passwordHint };
};

/**
 * Checks the password of the login kept under `token`. Success keeps the session for the
 * Session Link (sessionToken) and ends the token; a wrong password or a wait keeps it.
 */
export async function checkKeptPassword(
	credential: TelegramCredential,
	token: string,
	password: string,
): Promise<PasswordOutcome> {
	const login = logins.peek(token);
	if (!login) return { outcome: 'gone' };
	if (login.checking) {
		const busy = new InputError('This password is still being checked', 'Wait a moment.');
		return retry(login, busy);
	}
	login.checking = true;
	try {
		const pending = openPending(credential, login.pendingSession);
		const result = await checkPendingPassword(credential, pending, password);
		logins.drop(token);
		return { outcome: 'completed', sessionToken: String(keepForHandOver(result).sessionToken) };
	} catch (error) {
		if (error instanceof ResumableLoginError) return retry(login, error.failure);
		// The pending login cannot go on (expired, finished, another credential): start over.
		if (error instanceof InputError) {
			logins.drop(token);
			return { outcome: 'gone' };
		}
		return retry(login, error);
	} finally {
		login.checking = false;
	}
}
