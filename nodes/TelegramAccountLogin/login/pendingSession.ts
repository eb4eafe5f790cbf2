// A login in progress travels in items (and so in saved executions): its auth key is sealed with
// AES-256-GCM under a key derived from the credential, so a saved item alone is no usable key.
// See docs/decisions/0010-login-sealed-pending-session.md.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'crypto';

import type { TelegramCredential } from '../../shared/transport/credential';
import { InputError } from '../../shared/transport/errors';

/** Recognisable prefix: version 1 of the sealed format. */
export const SEALED_PREFIX = 'tgpending1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a pending login carries between executions. */
export interface PendingLogin {
	/** The StringSession of the not-yet-authorized auth key (and its DC). */
	session: string;
	/** QR login: when the token shown to the user expires (ms since the epoch). */
	qrExpiresAt?: number;
}

function sealKey(credential: TelegramCredential): Buffer {
	const salt = Buffer.from(`telegram-account-login:${credential.apiId}`);
	return Buffer.from(hkdfSync('sha256', credential.apiHash, salt, 'pending-session', 32));
}

export function sealPending(credential: TelegramCredential, pending: PendingLogin): string {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', sealKey(credential), iv);
	cipher.setAAD(Buffer.from(SEALED_PREFIX));
	const body = Buffer.concat([cipher.update(JSON.stringify(pending), 'utf8'), cipher.final()]);
	return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

const notOurs = (why: string) =>
	new InputError(
		`The pending session cannot be used: ${why}`,
		'Pass on the pendingSession returned by the previous login step, unchanged, with the same Telegram App credential. If the credential changed, start the login again.',
	);

export function openPending(credential: TelegramCredential, sealed: unknown): PendingLogin {
	if (typeof sealed !== 'string' || sealed.trim() === '') throw notOurs('it is empty');
	const text = sealed.trim();
	if (!text.startsWith(SEALED_PREFIX)) throw notOurs('it is not a pendingSession of this node');
	const raw = Buffer.from(text.slice(SEALED_PREFIX.length), 'base64url');
	if (raw.length <= IV_BYTES + TAG_BYTES) throw notOurs('it is cut short');
	const decipher = createDecipheriv('aes-256-gcm', sealKey(credential), raw.subarray(0, IV_BYTES));
	decipher.setAAD(Buffer.from(SEALED_PREFIX));
	decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
	let json: string;
	try {
		json = Buffer.concat([
			decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
			decipher.final(),
		]).toString();
	} catch {
		throw notOurs('it was made with another Telegram App credential, or changed');
	}
	const pending = JSON.parse(json) as PendingLogin;
	if (typeof pending.session !== 'string') throw notOurs('it holds no session');
	return pending;
}
