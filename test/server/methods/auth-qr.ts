// QR login: exportLoginToken on the new device, acceptLoginToken from a signed-in one (or the
// control API), updateLoginToken pushed to the waiting session, then loginTokenSuccess — or
// loginTokenMigrateTo + importLoginToken when the account lives on another DC.
import { randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import type { LoginTokenRec } from '../world/auth-state';
import { long } from '../world/ids';
import type { World } from '../world/world';
import { completeLogin } from './auth';
import { fail, me, type Ctx, type MethodTable } from './context';

/** Accepts a token as `userId` (a second device) and wakes the session waiting on it. */
export function acceptToken(w: World, rec: LoginTokenRec, userId: number): void {
	if (rec.expiresAt < Date.now()) fail(400, 'AUTH_TOKEN_EXPIRED');
	if (rec.acceptedBy !== undefined) fail(400, 'AUTH_TOKEN_ALREADY_ACCEPTED');
	rec.acceptedBy = userId;
	const update = new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: w.now() });
	for (const s of w.sessions()) {
		if (!s.closed && s.authKey.id.toString() === rec.keyId) s.push(update);
	}
}

function tokenResult(ctx: Ctx, rec: LoginTokenRec): Api.auth.TypeLoginToken {
	const user = ctx.w.users.get(rec.acceptedBy as number);
	if (!user) return fail(400, 'AUTH_TOKEN_INVALID');
	if (user.dcId !== ctx.dcId) {
		// The importing session on the home DC presents the same token.
		return new Api.auth.LoginTokenMigrateTo({ dcId: user.dcId, token: rec.token });
	}
	ctx.w.auth.tokens.delete(rec.token.toString('base64url'));
	return new Api.auth.LoginTokenSuccess({ authorization: completeLogin(ctx, user.id) });
}

export const qrMethods: MethodTable = {
	'auth.ExportLoginToken': (ctx) => {
		const keyId = ctx.session.authKey.id.toString();
		for (const rec of ctx.w.auth.tokens.values()) {
			if (rec.keyId === keyId && rec.acceptedBy !== undefined) return tokenResult(ctx, rec);
		}
		const rec = ctx.w.auth.newToken(keyId, ctx.dcId, ctx.session);
		return new Api.auth.LoginToken({ expires: Math.floor(rec.expiresAt / 1000), token: rec.token });
	},
	'auth.ImportLoginToken': (ctx, req: Api.auth.ImportLoginToken) => {
		const rec = ctx.w.auth.token(req.token);
		if (!rec) return fail(400, 'AUTH_TOKEN_INVALID');
		if (rec.expiresAt < Date.now()) fail(400, 'AUTH_TOKEN_EXPIRED');
		if (rec.acceptedBy === undefined) {
			return new Api.auth.LoginToken({
				expires: Math.floor(rec.expiresAt / 1000),
				token: rec.token,
			});
		}
		return tokenResult(ctx, rec);
	},
	'auth.AcceptLoginToken': (ctx, req: Api.auth.AcceptLoginToken) => {
		const uid = me(ctx);
		const rec = ctx.w.auth.token(req.token);
		if (!rec) return fail(400, 'AUTH_TOKEN_INVALID');
		acceptToken(ctx.w, rec, uid);
		const now = ctx.w.now();
		return new Api.Authorization({
			hash: long(randomBytes(8).readBigInt64LE(0).toString()),
			deviceModel: 'Loopback device',
			platform: 'loopback',
			systemVersion: '1',
			apiId: 1,
			appName: 'loopback',
			appVersion: '1',
			dateCreated: now,
			dateActive: now,
			ip: '127.0.0.1',
			country: 'NL',
			region: '',
		});
	},
};
