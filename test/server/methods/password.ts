// account.getPassword + auth.checkPassword with real SRP: the server keeps only the verifier.
import { randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import { long, toStr } from '../world/ids';
import { newSrpRound, SRP_G, SRP_P, verifyM1 } from '../world/srp';
import { bindKey } from './auth';
import { fail, type Ctx, type MethodTable } from './context';

/** The account this key may answer the password for: signed in, or waiting after a code / QR. */
function passwordUser(ctx: Ctx): number {
	const pending = ctx.w.auth.pendingPassword.get(ctx.session.authKey.id.toString());
	const uid = ctx.userId ?? pending;
	if (uid === undefined) fail(401, 'AUTH_KEY_UNREGISTERED');
	return uid as number;
}

export const passwordMethods: MethodTable = {
	'account.GetPassword': (ctx) => {
		const box = ctx.w.box(passwordUser(ctx));
		const newAlgo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
			salt1: randomBytes(32),
			salt2: randomBytes(16),
			g: SRP_G,
			p: SRP_P,
		});
		const common = {
			newAlgo,
			newSecureAlgo: new Api.SecurePasswordKdfAlgoPBKDF2HMACSHA512iter100000({
				salt: randomBytes(32),
			}),
			secureRandom: randomBytes(32),
		};
		const state = box.password;
		if (!state) return new Api.account.Password({ hasPassword: false, ...common });
		state.srp = newSrpRound(state);
		return new Api.account.Password({
			hasPassword: true,
			currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
				salt1: state.salt1,
				salt2: state.salt2,
				g: SRP_G,
				p: SRP_P,
			}),
			srp_B: state.srp.B,
			srpId: long(state.srp.id),
			hint: state.hint,
			...common,
		});
	},
	'auth.CheckPassword': (ctx, req: Api.auth.CheckPassword) => {
		const uid = passwordUser(ctx);
		const state = ctx.w.box(uid).password;
		const input = req.password;
		if (!state || !(input instanceof Api.InputCheckPasswordSRP))
			return fail(400, 'PASSWORD_HASH_INVALID');
		if (!state.srp || state.srp.id !== toStr(input.srpId)) fail(400, 'SRP_ID_INVALID');
		if (!verifyM1(state, input.A, input.M1)) fail(400, 'PASSWORD_HASH_INVALID');
		state.srp = undefined;
		return bindKey(ctx.w, ctx.session.authKey, uid);
	},
};
