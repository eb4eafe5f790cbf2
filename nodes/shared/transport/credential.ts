import { createHash } from 'crypto';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { CredentialError } from './errors';
import { isTelegramAddress } from './session';

// Errors live in errors.ts (one home, no import circle); callers may take it from here too.
export { CredentialError };

export type ServerKind = 'production' | 'test' | 'custom';
export type ProxyKind = 'none' | 'socks5' | 'socks4' | 'mtproxy';

export interface CustomServer {
	host: string;
	port: number;
	dcId: number;
	/** PEM of the server's RSA public key; empty = trust only Telegram's built-in keys. */
	rsaPublicKey: string;
}

export interface ProxySettings {
	kind: Exclude<ProxyKind, 'none'>;
	host: string;
	port: number;
	username?: string;
	password?: string;
	secret?: string;
}

export interface DeviceSettings {
	deviceModel: string;
	systemVersion: string;
	appVersion: string;
	langCode: string;
	systemLangCode: string;
}

/** A credential of either type, validated and with every default filled in. */
export interface TelegramCredential {
	apiId: number;
	apiHash: string;
	/** Empty for the app credential (a login in progress starts without one). */
	session: string;
	server: ServerKind;
	custom?: CustomServer;
	proxy?: ProxySettings;
	device: DeviceSettings;
	requestTimeoutMs: number;
	floodSleepThresholdSec: number;
	/** Seals pending logins across processes (decision 0003); empty = a per-process secret. */
	loginSecret: string;
}

/** Bad credential data: the message says which field and what to put there. */
type Options = Record<string, unknown>;

const text = (value: unknown, fallback: string): string =>
	typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;

const num = (value: unknown, fallback: number): number => {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
};

function port(value: unknown, field: string): number {
	const p = num(value, NaN);
	if (!Number.isInteger(p) || p < 1 || p > 65535) {
		throw new CredentialError(`${field} must be a TCP port between 1 and 65535`);
	}
	return p;
}

function readProxy(o: Options): ProxySettings | undefined {
	const kind = text(o.proxyType, 'none') as ProxyKind;
	if (kind === 'none') return undefined;
	const host = text(o.proxyHost, '');
	if (!host) throw new CredentialError('Proxy Host is required when a proxy type is chosen');
	const proxy: ProxySettings = { kind, host, port: port(o.proxyPort, 'Proxy Port') };
	if (kind === 'mtproxy') {
		proxy.secret = text(o.proxySecret, '');
		if (!/^(ee|dd)?[0-9a-f]{32}/i.test(proxy.secret)) {
			throw new CredentialError('Proxy Secret must be the hex secret of the MTProxy link');
		}
	} else {
		proxy.username = text(o.proxyUsername, '') || undefined;
		proxy.password = text(o.proxyPassword, '') || undefined;
	}
	return proxy;
}

function readCustom(o: Options): CustomServer {
	const host = text(o.customHost, '');
	if (!host) throw new CredentialError('Custom Host is required for a custom server');
	// One world per client (decision 0001): Telegram is reached only as Production or Test.
	if (isTelegramAddress(host)) {
		throw new CredentialError(
			"Custom Host is one of Telegram's own servers: choose Server = Production or Test instead",
		);
	}
	const customPort = port(o.customPort, 'Custom Port');
	// StringSession stores the port as a signed 16-bit number: a larger one cannot be saved.
	if (customPort > 32767) {
		throw new CredentialError(
			'Custom Port must be at most 32767 (the session format stores a 16-bit port)',
		);
	}
	const dcId = num(o.customDcId, 2);
	if (!Number.isInteger(dcId) || dcId < 1)
		throw new CredentialError('Custom DC ID must be a positive integer');
	const rsaPublicKey = text(o.customRsaPublicKey, '');
	if (rsaPublicKey && !rsaPublicKey.includes('-----BEGIN')) {
		throw new CredentialError(
			'Custom RSA Public Key must be a PEM block (-----BEGIN … PUBLIC KEY-----)',
		);
	}
	return { host, port: customPort, dcId, rsaPublicKey };
}

/** Parsed credentials by a hash of their stored data: every execution hands the same data again. */
const parsed = new Map<string, TelegramCredential>();
/** Pool keys of parsed credentials, so a send does not hash the credential twice. */
const keys = new WeakMap<TelegramCredential, string>();
const PARSED_KEPT = 32;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Turns stored credential data into a validated TelegramCredential. The result is frozen and
 * shared by executions with the same data; bad data fails every time (nothing is kept).
 */
export function parseCredential(data: ICredentialDataDecryptedObject): TelegramCredential {
	const fingerprint = sha256(JSON.stringify(data));
	const known = parsed.get(fingerprint);
	if (known) return known;
	const credential = readCredential(data);
	for (const part of [credential.custom, credential.proxy, credential.device]) {
		if (part) Object.freeze(part);
	}
	Object.freeze(credential);
	if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value as string);
	parsed.set(fingerprint, credential);
	return credential;
}

function readCredential(data: ICredentialDataDecryptedObject): TelegramCredential {
	const apiId = num(data.apiId, 0);
	if (!Number.isInteger(apiId) || apiId <= 0) {
		throw new CredentialError('API ID must be the number shown at https://my.telegram.org/apps');
	}
	const apiHash = text(data.apiHash, '');
	const o = (data.options ?? {}) as Options;
	const server = text(o.server, 'production') as ServerKind;
	// Telegram's hashes are 32 hex characters; a custom server may use any token.
	const hashOk =
		server === 'custom' ? /^\S{1,128}$/.test(apiHash) : /^[0-9a-f]{32}$/i.test(apiHash);
	if (!hashOk) {
		throw new CredentialError(
			'API Hash must be the 32-character hex string shown at https://my.telegram.org/apps',
		);
	}
	return {
		apiId,
		apiHash,
		session: text(data.session, ''),
		server,
		custom: server === 'custom' ? readCustom(o) : undefined,
		proxy: readProxy(o),
		device: {
			deviceModel: text(o.deviceModel, 'Desktop'),
			systemVersion: text(o.systemVersion, 'Windows 10'),
			appVersion: text(o.appVersion, '5.6.3 x64'),
			langCode: text(o.langCode, 'en'),
			systemLangCode: text(o.systemLangCode, 'en-US'),
		},
		requestTimeoutMs: Math.max(1, num(o.requestTimeout, 30)) * 1000,
		floodSleepThresholdSec: Math.max(0, num(o.floodSleepThreshold, 60)),
		loginSecret: typeof o.loginSecret === 'string' ? o.loginSecret : '',
	};
}

/** Pool key: a hash of the whole credential, so no secret is kept as a map key or logged. */
export function credentialKey(credential: TelegramCredential): string {
	let key = keys.get(credential);
	if (key === undefined) {
		key = sha256(JSON.stringify(credential));
		keys.set(credential, key);
	}
	return key;
}

/** The secrets a log line or an output must never contain (redact() also finds their encodings). */
export function credentialSecrets(credential: TelegramCredential): string[] {
	return [
		credential.apiHash,
		credential.session,
		credential.proxy?.password,
		credential.proxy?.secret,
		credential.loginSecret,
	].filter((s): s is string => typeof s === 'string' && s !== '');
}
