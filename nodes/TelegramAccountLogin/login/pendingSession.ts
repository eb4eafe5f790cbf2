// A login in progress travels in items (and so in saved executions). Its auth key becomes the
// account once Sign In succeeds, so it is sealed with a key no execution holds, expires, and is
// refused once its login finished. See docs/decisions/0003-login-sealed-pending-session.md.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'crypto';

import type { TelegramCredential } from '../../shared/transport/credential';
import { InputError } from '../../shared/transport/errors';

/** Recognisable prefix: version 2 of the sealed format (version 1 was keyed by the api_hash). */
export const SEALED_PREFIX = 'tgpending2.';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** How long a pending login can be resumed (a code, a Form page, a QR scan fit well inside). */
export const PENDING_LIFETIME_MS = 15 * 60_000;

/** What a pending login carries between executions. */
export interface PendingLogin {
	/** The StringSession of the not-yet-authorized auth key (and its DC). */
	session: string;
	/** QR login: when the token shown to the user expires (ms since the epoch). */
	qrExpiresAt?: number;
	/** Names one login across its steps, so a finished login's older blobs can be refused. */
	loginId?: string;
	/** Phone login: Telegram's phone_code_hash, kept sealed so no saved item shows it. */
	phoneCodeHash?: string;
}

interface Sealed extends PendingLogin {
	loginId: string;
	/** Checked on unseal (ms since the epoch). */
	expiresAt: number;
}

/** Used when the credential has no Login Secret: it never leaves this process's memory. */
const processSecret = randomBytes(32);
/** Logins that finished here, until their blobs would expire anyway. */
const finished = new Map<string, number>();

function sealKey(credential: TelegramCredential): Buffer {
	const secret = credential.loginSecret ? Buffer.from(credential.loginSecret) : processSecret;
	const salt = Buffer.from(`telegram-account-login:${credential.apiId}:${credential.apiHash}`);
	return Buffer.from(hkdfSync('sha256', secret, salt, 'pending-session-v2', 32));
}

export function newLoginId(): string {
	return randomBytes(12).toString('base64url');
}

export function sealPending(credential: TelegramCredential, pending: PendingLogin): string {
	const sealed: Sealed = {
		...pending,
		loginId: pending.loginId ?? newLoginId(),
		expiresAt: Date.now() + PENDING_LIFETIME_MS,
	};
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', sealKey(credential), iv);
	cipher.setAAD(Buffer.from(SEALED_PREFIX));
	const body = Buffer.concat([cipher.update(JSON.stringify(sealed), 'utf8'), cipher.final()]);
	return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** Marks a login finished: its pending blobs are refused from now on (in this process). */
export function markLoginFinished(loginId: string | undefined): void {
	if (!loginId) return;
	const now = Date.now();
	for (const [id, until] of finished) if (until < now) finished.delete(id);
	finished.set(loginId, now + PENDING_LIFETIME_MS);
}

const notOurs = (why: string) =>
	new InputError(
		`The pending session cannot be used: ${why}`,
		'Pass on the pendingSession returned by the previous login step, unchanged, with the same Telegram App credential, within 15 minutes. To go on in another n8n process or after a restart, set Login Secret in the credential. Otherwise start the login again.',
	);

/** What a sealed value holds, without the expiry and finished checks (tests, diagnostics). */
export function unsealPending(credential: TelegramCredential, sealed: unknown): Partial<Sealed> {
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
		throw notOurs(
			'it was made with another Telegram App credential or by another n8n process, or changed',
		);
	}
	return JSON.parse(json) as Partial<Sealed>;
}

/** Opens a pendingSession for the next login step: sealed by us, not expired, login not finished. */
export function openPending(credential: TelegramCredential, sealed: unknown): PendingLogin {
	const pending = unsealPending(credential, sealed);
	if (typeof pending.session !== 'string' || typeof pending.loginId !== 'string') {
		throw notOurs('it holds no session');
	}
	if (!(typeof pending.expiresAt === 'number' && pending.expiresAt > Date.now())) {
		throw notOurs('it expired');
	}
	if (finished.has(pending.loginId)) throw notOurs('its login already finished');
	const { session, qrExpiresAt, loginId, phoneCodeHash } = pending;
	return { session, qrExpiresAt, loginId, phoneCodeHash };
}
