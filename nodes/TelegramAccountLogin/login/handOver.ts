// A finished login's session handed over once, by a token, instead of in the step's output: an
// n8n Form page that waits saves its execution's items, so a session in them would be written to
// the database. The session stays in this process's memory until taken or expired (decision 0014).
import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { InputError } from '../../shared/transport/errors';

/** Long enough to open the page; short enough that a forgotten one is gone soon. */
export const HAND_OVER_LIFETIME_MS = 10 * 60_000;

interface Kept {
	result: IDataObject;
	expiresAt: number;
}

const kept = new Map<string, Kept>();

function dropExpired(now: number): void {
	for (const [token, entry] of kept) if (entry.expiresAt <= now) kept.delete(token);
}

/** Keeps a `completed` result (session, user) and returns it without the session, with a token. */
export function keepForHandOver(result: IDataObject): IDataObject {
	const now = Date.now();
	dropExpired(now);
	const token = randomBytes(24).toString('base64url');
	kept.set(token, { result, expiresAt: now + HAND_OVER_LIFETIME_MS });
	const rest = { ...result };
	delete rest.session;
	return { ...rest, sessionToken: token };
}

/** The kept result, once: a second call with the same token is refused. */
export function takeHandOver(token: string): IDataObject {
	dropExpired(Date.now());
	const entry = kept.get(token);
	if (!entry) {
		throw new InputError(
			'The session was already shown, or its link expired',
			`A session is handed over once, within ${HAND_OVER_LIFETIME_MS / 60_000} minutes of the login, by the n8n process that finished it. Log in again for a new session.`,
		);
	}
	kept.delete(token);
	return entry.result;
}
