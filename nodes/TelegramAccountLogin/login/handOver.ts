// A finished login's session handed over once, by a token, instead of in the step's output: an
// n8n Form page that waits saves its execution's items, so a session in them would be written to
// the database. The session stays in this process's memory until taken or expired (decision 0014).
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../../shared/transport/errors';
import { KeptByToken } from './keptByToken';

/** Long enough to open the page; short enough that a forgotten one is gone soon. */
export const HAND_OVER_LIFETIME_MS = 10 * 60_000;

const sessions = new KeptByToken<IDataObject>(HAND_OVER_LIFETIME_MS);

/** Keeps a `completed` result (session, user) and returns it without the session, with a token. */
export function keepForHandOver(result: IDataObject): IDataObject {
	const token = sessions.keep(result);
	const rest = { ...result };
	delete rest.session;
	return { ...rest, sessionToken: token };
}

/** The kept result, once: a second call with the same token is refused. */
export function takeHandOver(token: string): IDataObject {
	const result = sessions.take(token);
	if (!result) {
		throw new InputError(
			'The session was already shown, or its link expired',
			`A session is handed over once, within ${HAND_OVER_LIFETIME_MS / 60_000} minutes of the login, by the n8n process that finished it. Log in again for a new session.`,
		);
	}
	return result;
}
