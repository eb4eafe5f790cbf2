// auth.*: login by code (with the errors Telegram answers), sign-up, log-out, and the exported
// authorizations GramJS uses to reach another DC. QR login is in auth-qr.ts, 2FA in password.ts.
import { randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import type { AuthKeyRecord } from '../core/types';
import type { CodeKind, SentCodeRec } from '../world/auth-state';
import { long, toStr } from '../world/ids';
import { renderUser } from '../world/render';
import { normalizePhone, type World } from '../world/world';
import { fail, me, type Ctx, type MethodTable } from './context';

function sentCodeType(kind: CodeKind, length: number): Api.auth.TypeSentCodeType {
	switch (kind) {
		case 'app':
			return new Api.auth.SentCodeTypeApp({ length });
		case 'sms':
			return new Api.auth.SentCodeTypeSms({ length });
		case 'call':
			return new Api.auth.SentCodeTypeCall({ length });
		case 'flash_call':
			return new Api.auth.SentCodeTypeFlashCall({ pattern: '*' });
		case 'missed_call':
			return new Api.auth.SentCodeTypeMissedCall({ prefix: '+', length });
		case 'fragment_sms':
			return new Api.auth.SentCodeTypeFragmentSms({ url: 'https://fragment.com/', length });
	}
}

function codeType(kind: CodeKind | undefined): Api.auth.TypeCodeType | undefined {
	if (kind === 'sms') return new Api.auth.CodeTypeSms();
	if (kind === 'call') return new Api.auth.CodeTypeCall();
	if (kind === 'flash_call') return new Api.auth.CodeTypeFlashCall();
	if (kind === 'missed_call') return new Api.auth.CodeTypeMissedCall();
	if (kind === 'fragment_sms') return new Api.auth.CodeTypeFragmentSms();
	return undefined;
}

function sentCode(rec: SentCodeRec): Api.auth.SentCode {
	return new Api.auth.SentCode({
		type: sentCodeType(rec.type, rec.code.length),
		phoneCodeHash: rec.hash,
		nextType: codeType(rec.nextType),
		timeout: rec.nextType ? 60 : undefined,
	});
}

/** Signs this auth key in as the user and answers auth.authorization. */
export function bindKey(w: World, key: AuthKeyRecord, userId: number): Api.auth.Authorization {
	key.userId = String(userId);
	w.auth.pendingPassword.delete(key.id.toString());
	return new Api.auth.Authorization({ user: renderUser(w, userId, userId) });
}

/** After a code or a QR token: 2FA first if the account has a password. */
export function completeLogin(ctx: Ctx, userId: number): Api.auth.Authorization {
	if (ctx.w.box(userId).password) {
		ctx.w.auth.pendingPassword.set(ctx.session.authKey.id.toString(), userId);
		fail(401, 'SESSION_PASSWORD_NEEDED');
	}
	return bindKey(ctx.w, ctx.session.authKey, userId);
}

function checkPhone(ctx: Ctx, phoneNumber: string): string {
	const phone = normalizePhone(phoneNumber ?? '');
	if (!/^\d{5,15}$/.test(phone)) fail(400, 'PHONE_NUMBER_INVALID');
	if (ctx.w.auth.bannedPhones.has(phone)) fail(400, 'PHONE_NUMBER_BANNED');
	return phone;
}

function codeFor(ctx: Ctx, phoneNumber: string, hash: string): SentCodeRec {
	const phone = checkPhone(ctx, phoneNumber);
	const rec = ctx.w.auth.codes.get(hash);
	if (!rec) return fail(400, 'PHONE_CODE_EXPIRED');
	if (rec.phone !== phone) fail(400, 'PHONE_NUMBER_INVALID');
	if (rec.expiresAt < Date.now()) fail(400, 'PHONE_CODE_EXPIRED');
	return rec;
}

export const authMethods: MethodTable = {
	'auth.SendCode': (ctx, req: Api.auth.SendCode) => {
		const phone = checkPhone(ctx, req.phoneNumber);
		const home = ctx.w.userByPhone(phone)?.dcId ?? ctx.w.dcIds[0];
		if (home !== ctx.dcId) fail(303, `PHONE_MIGRATE_${home}`);
		return sentCode(ctx.w.auth.sendCode(phone, ctx.w.auth.firstType(phone)));
	},
	'auth.ResendCode': (ctx, req: Api.auth.ResendCode) => {
		const rec = codeFor(ctx, req.phoneNumber, req.phoneCodeHash);
		if (!rec.nextType || ctx.w.auth.smsUnavailable) fail(406, 'SEND_CODE_UNAVAILABLE');
		const next = ctx.w.auth.sendCode(rec.phone, rec.nextType as CodeKind);
		// Telegram keeps the hash and the code across resends.
		ctx.w.auth.codes.delete(next.hash);
		Object.assign(next, { hash: rec.hash, code: rec.code });
		ctx.w.auth.codes.set(rec.hash, next);
		return sentCode(next);
	},
	'auth.CancelCode': (ctx, req: Api.auth.CancelCode) => {
		ctx.w.auth.codes.delete(req.phoneCodeHash);
		return true;
	},
	'auth.SignIn': (ctx, req: Api.auth.SignIn) => {
		const rec = codeFor(ctx, req.phoneNumber, req.phoneCodeHash);
		if (!req.phoneCode) fail(400, 'PHONE_CODE_EMPTY');
		if (req.phoneCode !== rec.code) fail(400, 'PHONE_CODE_INVALID');
		const user = ctx.w.userByPhone(rec.phone);
		if (!user) return new Api.auth.AuthorizationSignUpRequired({});
		ctx.w.auth.codes.delete(rec.hash);
		return completeLogin(ctx, user.id);
	},
	'auth.SignUp': (ctx, req: Api.auth.SignUp) => {
		const rec = codeFor(ctx, req.phoneNumber, req.phoneCodeHash);
		if (ctx.w.userByPhone(rec.phone)) fail(400, 'PHONE_NUMBER_OCCUPIED');
		if (!req.firstName?.trim()) fail(400, 'FIRSTNAME_INVALID');
		const user = ctx.w.addUser({
			firstName: req.firstName,
			lastName: req.lastName || undefined,
			phone: rec.phone,
			dcId: ctx.dcId,
		});
		ctx.w.auth.codes.delete(rec.hash);
		return bindKey(ctx.w, ctx.session.authKey, user.id);
	},
	'auth.LogOut': (ctx) => {
		me(ctx);
		ctx.session.authKey.userId = undefined;
		return new Api.auth.LoggedOut({});
	},
	'auth.ExportAuthorization': (ctx, req: Api.auth.ExportAuthorization) => {
		const uid = me(ctx);
		if (!ctx.w.dcIds.includes(req.dcId)) fail(400, 'DC_ID_INVALID');
		const id = randomBytes(8).readBigInt64LE(0).toString();
		const bytes = randomBytes(32);
		ctx.w.auth.exported.set(id, { userId: uid, dcId: req.dcId, bytes });
		return new Api.auth.ExportedAuthorization({ id: long(id), bytes });
	},
	'auth.ImportAuthorization': (ctx, req: Api.auth.ImportAuthorization) => {
		const rec = ctx.w.auth.exported.get(toStr(req.id));
		if (!rec || !rec.bytes.equals(req.bytes) || rec.dcId !== ctx.dcId)
			fail(400, 'AUTH_BYTES_INVALID');
		ctx.w.auth.exported.delete(toStr(req.id));
		return bindKey(ctx.w, ctx.session.authKey, rec!.userId);
	},
};
