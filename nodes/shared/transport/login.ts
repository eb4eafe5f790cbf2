// The login node's one extra piece of GramJS: the 2FA SRP proof (re-exported by client.ts, the
// only module that loads `telegram` at run time).
import { computePasswordCheck, type Api } from './client';

/** The InputCheckPasswordSRP for auth.checkPassword, from account.getPassword's answer. */
export async function passwordCheck(
	srp: Api.account.Password,
	password: string,
): Promise<Api.TypeInputCheckPasswordSRP> {
	return await computePasswordCheck(srp, password);
}
