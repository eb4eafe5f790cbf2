// The pieces every login step shares: a client of its own for one step, and the results a step
// returns (pending, password_required, completed), built in one place so no step leaks a secret.
import type { IDataObject } from 'n8n-workflow';

import { Api, TelegramAccountClient } from '../../shared/transport/client';
import type { TelegramCredential } from '../../shared/transport/credential';
import { InputError, telegramErrorText } from '../../shared/transport/errors';
import { passwordCheck } from '../../shared/transport/login';
import { serializeUser, type Tl } from '../../shared/transport/serialize';
import { LoginRefusal, ResumableLoginError } from './errors';
import { markLoginFinished, newLoginId, sealPending, type PendingLogin } from './pendingSession';

export type LoginStatus = 'pending' | 'password_required' | 'completed' | 'ready' | 'expired';

export interface LoginClientOptions {
	/** Values the client's log lines must never show (the 2FA password). */
	secrets?: string[];
	/** Refuse a pending key Telegram already signed in: its login finished (decision 0003). */
	refuseSignedIn?: boolean;
}

/** Telegram's answers for a key that is not signed in (yet). */
const NOT_SIGNED_IN = new Set(['AUTH_KEY_UNREGISTERED', 'SESSION_PASSWORD_NEEDED']);

async function refuseSignedIn(client: TelegramAccountClient): Promise<void> {
	const signedIn = await client
		.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }))
		.then(
			() => true,
			(error: unknown) =>
				NOT_SIGNED_IN.has(telegramErrorText(error) ?? '') ? false : Promise.reject(error),
		);
	if (signedIn) {
		throw new InputError(
			'The pending session cannot be used: its login already finished',
			'A pendingSession works only until its login completes. Start the login again for a new session.',
		);
	}
}

/**
 * Runs one step on a client of its own, never the pool's: a login is not an account yet, and the
 * state must live in the items (a Form page or a restart may come between two steps).
 */
export async function withLoginClient<T>(
	credential: TelegramCredential,
	pending: PendingLogin | undefined,
	step: (client: TelegramAccountClient) => Promise<T>,
	options: LoginClientOptions = {},
): Promise<T> {
	const client = new TelegramAccountClient(
		{ ...credential, session: pending?.session ?? '' },
		{ secrets: options.secrets },
	);
	client.caches.set('loginId', pending?.loginId ?? newLoginId());
	await client.open();
	try {
		if (pending && options.refuseSignedIn) await refuseSignedIn(client);
		return await step(client);
	} finally {
		await client.destroy();
	}
}

/** The pendingSession output: the client's current key and DC, sealed. */
export function sealClient(
	client: TelegramAccountClient,
	extra: Omit<PendingLogin, 'session' | 'loginId'> = {},
): string {
	const loginId = client.caches.get('loginId') as string | undefined;
	return sealPending(client.credential, { session: client.saveSession(), loginId, ...extra });
}

const CODE_TYPES: Record<string, string> = {
	SentCodeTypeApp: 'app',
	SentCodeTypeSms: 'sms',
	SentCodeTypeCall: 'call',
	SentCodeTypeFlashCall: 'flash_call',
	SentCodeTypeMissedCall: 'missed_call',
	SentCodeTypeFragmentSms: 'fragment_sms',
	SentCodeTypeEmailCode: 'email',
	SentCodeTypeSetUpEmailRequired: 'email_setup_required',
	SentCodeTypeFirebaseSms: 'sms',
	SentCodeTypeSmsWord: 'sms_word',
	SentCodeTypeSmsPhrase: 'sms_phrase',
	CodeTypeSms: 'sms',
	CodeTypeCall: 'call',
	CodeTypeFlashCall: 'flash_call',
	CodeTypeMissedCall: 'missed_call',
	CodeTypeFragmentSms: 'fragment_sms',
};

const codeTypeName = (type: { className: string } | undefined): string | null =>
	type ? (CODE_TYPES[type.className.replace(/^auth\./, '')] ?? type.className) : null;

/** Where the code went, in words a person reads on a form page ("Telegram sent the code to …"). */
const CODE_DESTINATIONS: Record<string, string> = {
	app: 'the Telegram app on your other phone or computer (a message from Telegram)',
	sms: 'your phone by SMS',
	call: 'your phone: a call will read it out',
	flash_call: 'your phone as a missed call: the code is the last digits of the calling number',
	missed_call: 'your phone as a missed call: the code is the last digits of the calling number',
	fragment_sms: 'your Fragment number by SMS',
	email: 'your login email address',
	sms_word: 'your phone by SMS (a word)',
	sms_phrase: 'your phone by SMS (a phrase)',
};

const codeDestination = (codeType: string | null): string =>
	(codeType && CODE_DESTINATIONS[codeType]) || 'the place Telegram chose (app, SMS or call)';

/** Status `completed`: the only output that holds a usable session. */
export function completed(client: TelegramAccountClient, user: Api.TypeUser): IDataObject {
	markLoginFinished(client.caches.get('loginId') as string | undefined);
	return {
		status: 'completed' satisfies LoginStatus,
		session: client.saveSession(),
		user: serializeUser(user as unknown as Tl),
	};
}

/** Status `pending`, from auth.sendCode / auth.resendCode (or `completed` if Telegram says so). */
export function codeSent(
	client: TelegramAccountClient,
	phone: string,
	sent: Api.auth.TypeSentCode,
): IDataObject {
	if (sent instanceof Api.auth.SentCodeSuccess) {
		return authorized(client, sent.authorization);
	}
	const codeType = codeTypeName(sent.type);
	return {
		status: 'pending' satisfies LoginStatus,
		phone,
		codeType,
		codeSentTo: codeDestination(codeType),
		codeLength: 'length' in sent.type ? sent.type.length : null,
		nextType: codeTypeName(sent.nextType),
		timeout: sent.timeout ?? null,
		pendingSession: sealClient(client, { phoneCodeHash: sent.phoneCodeHash }),
	};
}

/** An auth.Authorization (or sign-up request) as a result. */
export function authorized(
	client: TelegramAccountClient,
	authorization: Api.auth.TypeAuthorization,
): IDataObject {
	if (authorization instanceof Api.auth.AuthorizationSignUpRequired) {
		throw new LoginRefusal('PHONE_NUMBER_UNOCCUPIED');
	}
	return completed(client, authorization.user);
}

/** Status `password_required`: the code or QR was accepted, the 2FA password is still owed. */
export async function passwordRequired(client: TelegramAccountClient): Promise<IDataObject> {
	const srp = await client.invoke(new Api.account.GetPassword());
	return {
		status: 'password_required' satisfies LoginStatus,
		passwordHint: srp.hint ?? null,
		pendingSession: sealClient(client),
	};
}

export const needsPassword = (error: unknown): boolean =>
	telegramErrorText(error) === 'SESSION_PASSWORD_NEEDED';

/** A typo in the code: the same code request still stands, so the person can simply retry. */
const RETRYABLE_CODE = new Set(['PHONE_CODE_INVALID', 'PHONE_CODE_EMPTY']);

/** auth.signIn; a wrong code leaves the login resumable (status pending, same code request). */
export async function signInWithCode(
	client: TelegramAccountClient,
	request: { phoneNumber: string; phoneCodeHash: string; phoneCode: string },
): Promise<Api.auth.TypeAuthorization | undefined> {
	return await client.invoke(new Api.auth.SignIn(request)).catch((error: unknown) => {
		if (needsPassword(error)) return undefined;
		if (!RETRYABLE_CODE.has(telegramErrorText(error) ?? '')) throw error;
		const state = {
			status: 'pending' satisfies LoginStatus,
			phone: request.phoneNumber,
			pendingSession: sealClient(client, { phoneCodeHash: request.phoneCodeHash }),
		};
		throw new ResumableLoginError(error, state);
	});
}

/** auth.checkPassword with SRP; a wrong password leaves the login resumable with the same key. */
export async function checkPassword(
	client: TelegramAccountClient,
	password: string,
): Promise<IDataObject> {
	const check = async () => {
		const srp = await client.invoke(new Api.account.GetPassword());
		const proof = await passwordCheck(srp, password);
		return authorized(client, await client.invoke(new Api.auth.CheckPassword({ password: proof })));
	};
	return await check().catch(async (error: unknown) => {
		const state = {
			status: 'password_required' satisfies LoginStatus,
			pendingSession: sealClient(client),
		};
		return await Promise.reject(new ResumableLoginError(error, state));
	});
}

/** Check Password on an opened pending login: its own client, the password kept out of its logs. */
export async function checkPendingPassword(
	credential: TelegramCredential,
	pending: PendingLogin,
	password: string,
): Promise<IDataObject> {
	return await withLoginClient(
		credential,
		pending,
		async (client) => await checkPassword(client, password),
		{ secrets: [password], refuseSignedIn: true },
	);
}
