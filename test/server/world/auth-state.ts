// Login state of the world: codes "sent by SMS", QR login tokens, exported authorizations and
// auth keys waiting for their 2FA password.
import { randomBytes, randomInt } from 'node:crypto';
import type { SessionHandle } from '../core/types';
import type { World } from './world';
import { normalizePhone } from './world';

export type CodeKind = 'app' | 'sms' | 'call' | 'flash_call' | 'missed_call' | 'fragment_sms';

export interface SentCodeRec {
	phone: string;
	hash: string;
	code: string;
	type: CodeKind;
	nextType?: CodeKind;
	/** ms since the epoch. */
	expiresAt: number;
	sentAt: number;
}

export interface LoginTokenRec {
	token: Buffer;
	/** auth_key_id (decimal) of the session that exported it. */
	keyId: string;
	dcId: number;
	expiresAt: number;
	session?: SessionHandle;
	acceptedBy?: number;
}

const NEXT: Partial<Record<CodeKind, CodeKind>> = { app: 'sms', sms: 'call', flash_call: 'sms' };

export class AuthState {
	readonly codes = new Map<string, SentCodeRec>();
	/** Every code "sent", newest last: what a test reads instead of an SMS. */
	readonly sentLog: SentCodeRec[] = [];
	readonly bannedPhones = new Set<string>();
	/** resendCode answers SEND_CODE_UNAVAILABLE while true. */
	smsUnavailable = false;
	/** First code type; 'auto' = app for an existing account, sms otherwise. */
	firstCodeType: CodeKind | 'auto' = 'auto';
	codeTtlSec = 300;
	tokenTtlSec = 30;
	readonly tokens = new Map<string, LoginTokenRec>();
	/** auth_key_id (decimal) → user id that signed in with a code and now owes the 2FA password. */
	readonly pendingPassword = new Map<string, number>();
	readonly exported = new Map<string, { userId: number; dcId: number; bytes: Buffer }>();

	constructor(
		private readonly world: World,
		private readonly fixedCode?: string,
	) {}

	sendCode(phone: string, type: CodeKind): SentCodeRec {
		const rec: SentCodeRec = {
			phone: normalizePhone(phone),
			hash: randomBytes(9).toString('hex'),
			code: this.fixedCode ?? String(randomInt(10000, 100000)),
			type,
			nextType: NEXT[type],
			expiresAt: Date.now() + this.codeTtlSec * 1000,
			sentAt: Date.now(),
		};
		this.codes.set(rec.hash, rec);
		this.sentLog.push(rec);
		return rec;
	}

	firstType(phone: string): CodeKind {
		if (this.firstCodeType !== 'auto') return this.firstCodeType;
		return this.world.userByPhone(phone) ? 'app' : 'sms';
	}

	/** The last code sent to this phone (like reading the SMS). */
	lastCode(phone: string): SentCodeRec | undefined {
		const p = normalizePhone(phone);
		for (let i = this.sentLog.length - 1; i >= 0; i--) {
			if (this.sentLog[i].phone === p) return this.sentLog[i];
		}
		return undefined;
	}

	newToken(keyId: string, dcId: number, session?: SessionHandle): LoginTokenRec {
		const rec: LoginTokenRec = {
			token: randomBytes(32),
			keyId,
			dcId,
			expiresAt: Date.now() + this.tokenTtlSec * 1000,
			session,
		};
		this.tokens.set(rec.token.toString('base64url'), rec);
		return rec;
	}

	token(token: Buffer): LoginTokenRec | undefined {
		return this.tokens.get(token.toString('base64url'));
	}

	/** The newest token still waiting for a second device. */
	pendingToken(): LoginTokenRec | undefined {
		let best: LoginTokenRec | undefined;
		for (const t of this.tokens.values()) {
			if (t.acceptedBy === undefined && t.expiresAt > Date.now()) best = t;
		}
		return best;
	}
}
