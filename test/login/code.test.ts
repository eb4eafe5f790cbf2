// Login by phone code through the node, against the loopback server: plain, with 2FA (wrong
// password, then right), resend, expired and invalid codes, and the refusals a form must explain.
import { type IDataObject } from 'n8n-workflow';

import { parseCredential } from '../../nodes/shared/transport/credential';
import {
	SEALED_PREFIX,
	unsealPending,
} from '../../nodes/TelegramAccountLogin/login/pendingSession';
import { captureLogs } from '../helpers/logs';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { startTestServer, type TestServer } from '../server';
import { API_HASH, appCredential, expectNoSecrets, getMeWith, runLogin, step } from './fixture';

let ts: TestServer;
let before: HandleCounts;
const outputs: IDataObject[] = [];
const PASSWORD = 'correct horse battery';
let logs: string[] = [];

beforeAll(async () => {
	before = handleSnapshot();
	logs = captureLogs();
	ts = await startTestServer();
});

afterAll(async () => {
	await ts?.stop();
	await expectNoLeakedHandles(before);
});

const run = async (params: Record<string, unknown>, continueOnFail = false) => {
	const json = await step(params, { credential: appCredential(ts), continueOnFail });
	outputs.push(json);
	return json;
};

const failure = async (params: Record<string, unknown>) => {
	try {
		await run(params);
	} catch (error) {
		return error as Error & { description?: string };
	}
	throw new Error('expected the step to fail');
};

const codeOf = (phone: string) => ts.control.lastCode({ phone })!.code;
const wrong = (code: string) => (code === '11111' ? '22222' : '11111');

async function requestCode(phone: string, options: IDataObject = {}) {
	const sent = await run({ operation: 'requestCode', phoneNumber: phone, options });
	expect(sent.status).toBe('pending');
	expect(String(sent.pendingSession).startsWith(SEALED_PREFIX)).toBe(true);
	return sent;
}

const signInParams = (sent: IDataObject, code: string, password = '') => ({
	operation: 'signIn',
	phoneNumber: sent.phone,
	code,
	pendingSession: sent.pendingSession,
	password,
});

describe('phone code login', () => {
	it('logs in without 2FA; the session works in a fresh client', async () => {
		const phone = '+15552001';
		const { userId } = ts.control.createAccount({
			phone,
			firstName: 'Ann',
			username: 'ann_login',
			session: false,
		});
		const sent = await requestCode(phone);
		expect(sent).toMatchObject({ phone, codeType: 'app', nextType: 'sms', codeLength: 5 });
		const done = await run(signInParams(sent, codeOf(phone)));
		expect(done.status).toBe('completed');
		expect(done.user).toMatchObject({
			id: String(userId),
			username: 'ann_login',
			phone: expect.stringContaining('15552001'),
		});
		expect(String(done.session).startsWith('1')).toBe(true);
		expect(await getMeWith(ts, String(done.session))).toEqual({
			id: String(userId),
			firstName: 'Ann',
		});
	});

	it('with 2FA: password_required, a wrong password, then the right one', async () => {
		const phone = '+15552002';
		const { userId } = ts.control.createAccount({
			phone,
			firstName: 'Bea',
			password: PASSWORD,
			session: false,
		});
		ts.control.setPassword({ userId, password: PASSWORD, hint: 'horse' });
		const sent = await requestCode(phone);
		const needed = await run(signInParams(sent, codeOf(phone)));
		expect(needed).toMatchObject({ status: 'password_required', passwordHint: 'horse' });
		expect(needed.session).toBeUndefined();
		const check = { operation: 'checkPassword', pendingSession: needed.pendingSession };
		const bad = await failure({ ...check, password: 'wrong horse' });
		expect(bad.message).toMatch(/2FA password is wrong/);
		// With Continue On Fail the error item says how to go on, without starting over.
		const resumable = await run({ ...check, password: 'wrong again' }, true);
		expect(resumable).toMatchObject({
			status: 'password_required',
			error: expect.stringMatching(/wrong/),
		});
		const done = await run({
			...check,
			pendingSession: resumable.pendingSession,
			password: PASSWORD,
		});
		expect(done.status).toBe('completed');
		expect(await getMeWith(ts, String(done.session))).toEqual({
			id: String(userId),
			firstName: 'Bea',
		});
	});

	it('with 2FA: the password given to Sign In at once', async () => {
		const phone = '+15552003';
		const { userId } = ts.control.createAccount({
			phone,
			firstName: 'Cid',
			password: PASSWORD,
			session: false,
		});
		const sent = await requestCode(phone);
		const done = await run(signInParams(sent, codeOf(phone), PASSWORD));
		expect(done).toMatchObject({ status: 'completed', user: { id: String(userId) } });
	});

	it('resends by the next type, and explains SEND_CODE_UNAVAILABLE', async () => {
		const phone = '+15552004';
		ts.control.createAccount({ phone, firstName: 'Dan', session: false });
		const sent = await requestCode(phone);
		const resend = {
			operation: 'resendCode',
			phoneNumber: phone,
			pendingSession: sent.pendingSession,
		};
		const again = await run(resend);
		expect(again).toMatchObject({
			status: 'pending',
			codeType: 'sms',
			nextType: 'call',
		});
		ts.control.setAuthOptions({ smsUnavailable: true });
		try {
			const error = await failure(resend);
			expect(error.message).toMatch(/cannot send the code/);
			expect(error.description).toMatch(/use the code .*Telegram app/);
		} finally {
			ts.control.setAuthOptions({ smsUnavailable: false });
		}
		const done = await run(signInParams(again, codeOf(phone)));
		expect(done.status).toBe('completed');
	});

	it('asks for an SMS at once when told to', async () => {
		const phone = '+15552005';
		ts.control.createAccount({ phone, firstName: 'Eve', session: false });
		const sent = await requestCode(phone, { forceSms: true });
		expect(sent.codeType).toBe('sms');
	});

	it('explains an invalid code, then accepts the right one; a replay after that is refused', async () => {
		const phone = '+15552006';
		ts.control.createAccount({ phone, firstName: 'Fay', session: false });
		const sent = await requestCode(phone);
		const code = codeOf(phone);
		expect((await failure(signInParams(sent, wrong(code)))).message).toMatch(/login code is wrong/);
		expect((await run(signInParams(sent, code))).status).toBe('completed');
		// Replaying the finished login's pending session is refused before Telegram is asked.
		expect((await failure(signInParams(sent, code))).message).toMatch(/already finished/);
	});

	it('a wrong code keeps the login going: status pending with the reason, then the right code', async () => {
		const phone = '+15552020';
		ts.control.createAccount({ phone, firstName: 'Hal', session: false });
		const sent = await requestCode(phone);
		expect(sent.codeSentTo).toMatch(/^the Telegram app on your other phone or computer/);
		const code = codeOf(phone);
		// With Continue On Fail (as the form example runs it) the item says how to go on.
		const retry = await run(signInParams(sent, wrong(code)), true);
		expect(retry).toMatchObject({
			status: 'pending',
			error: 'The login code is wrong',
			phone,
		});
		expect(retry.session).toBeUndefined();
		// The phone code hash travels sealed: no saved item shows it.
		const { phoneCodeHash } = ts.control.lastCode({ phone })!;
		expect(JSON.stringify([sent, retry])).not.toContain(phoneCodeHash);
		const credential = parseCredential(appCredential(ts));
		expect(unsealPending(credential, retry.pendingSession).phoneCodeHash).toBe(phoneCodeHash);
		expect((await run(signInParams(retry, code))).status).toBe('completed');
	});

	it('drops the typed password from its input item once used, and keeps the other fields', async () => {
		const phone = '+15552021';
		ts.control.createAccount({ phone, firstName: 'Ida', password: PASSWORD, session: false });
		const sent = await requestCode(phone);
		const needed = await run(signInParams(sent, codeOf(phone)));
		const page = { json: { Password: 'not it', submittedAt: 'now' } };
		const check = { operation: 'checkPassword', pendingSession: needed.pendingSession };
		const options = { credential: appCredential(ts), continueOnFail: true, items: [page] };
		const [bad] = await runLogin({ ...check, password: 'not it' }, options);
		expect(bad.json.status).toBe('password_required');
		expect(page.json).toEqual({ submittedAt: 'now' });
		const right = { json: { Password: PASSWORD } };
		const [done] = await runLogin({ ...check, password: PASSWORD }, { ...options, items: [right] });
		expect(done.json.status).toBe('completed');
		expect(right.json).toEqual({});
	});

	it('explains a code that ran out of time', async () => {
		const phone = '+15552007';
		ts.control.createAccount({ phone, firstName: 'Gus', session: false });
		ts.control.setAuthOptions({ codeTtlSec: 0 });
		try {
			const sent = await requestCode(phone);
			expect((await failure(signInParams(sent, codeOf(phone)))).message).toMatch(
				/login code expired/,
			);
		} finally {
			ts.control.setAuthOptions({ codeTtlSec: 300 });
		}
	});

	it('explains a banned and an unregistered number', async () => {
		ts.control.setAuthOptions({ bannedPhones: ['+15552008'] });
		expect((await failure({ operation: 'requestCode', phoneNumber: '+15552008' })).message).toMatch(
			/banned/,
		);
		const phone = '+15552009';
		const sent = await requestCode(phone);
		const error = await failure(signInParams(sent, codeOf(phone)));
		expect(error.message).toMatch(/No Telegram account uses this phone number/);
	});

	it('follows PHONE_MIGRATE to the account home DC', async () => {
		const phone = '+15552010';
		const { userId } = ts.control.createAccount({
			phone,
			firstName: 'Hal',
			dcId: 2,
			session: false,
		});
		const sent = await requestCode(phone);
		const done = await run(signInParams(sent, codeOf(phone)));
		expect(done.status).toBe('completed');
		expect(await getMeWith(ts, String(done.session))).toEqual({
			id: String(userId),
			firstName: 'Hal',
		});
	});

	it('refuses a pending session from another credential with a clear message', async () => {
		const phone = '+15552011';
		ts.control.createAccount({ phone, firstName: 'Ivy', session: false });
		const sent = await requestCode(phone);
		const other = appCredential(ts, 1, 'fedcba9876543210fedcba9876543210');
		const error = await step(signInParams(sent, codeOf(phone)), { credential: other }).then(
			() => undefined,
			(e: Error) => e,
		);
		expect(error?.message).toMatch(/another Telegram App credential/);
	});

	it('keeps each item on its own, with pairedItem', async () => {
		const phone = '+15552012';
		ts.control.createAccount({ phone, firstName: 'Jo', session: false });
		const items = await runLogin(
			[
				{ operation: 'requestCode', phoneNumber: '12' },
				{ operation: 'requestCode', phoneNumber: phone },
			],
			{ credential: appCredential(ts), continueOnFail: true },
		);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.error).toMatch(/phone number is invalid/);
		expect(items[1].json.status).toBe('pending');
		outputs.push(...items.map((i) => i.json));
	});

	it('never outputs or logs the api_hash, a password, or a session before completed', async () => {
		// Its own logins, so what is checked does not depend on which tests ran before.
		const fromOutput = outputs.length;
		const fromLog = logs.length;
		const plain = '+15552013';
		ts.control.createAccount({ phone: plain, firstName: 'Kit', session: false });
		const sent = await requestCode(plain);
		const again = await run({
			operation: 'resendCode',
			phoneNumber: plain,
			pendingSession: sent.pendingSession,
		});
		expect((await run(signInParams(again, codeOf(plain)))).status).toBe('completed');
		const guarded = '+15552014';
		ts.control.createAccount({
			phone: guarded,
			firstName: 'Lou',
			password: PASSWORD,
			session: false,
		});
		const needed = await run(signInParams(await requestCode(guarded), codeOf(guarded)));
		const check = { operation: 'checkPassword', pendingSession: needed.pendingSession };
		await failure({ ...check, password: 'wrong horse' });
		const resumable = await run({ ...check, password: 'wrong again' }, true);
		const done = await run({
			...check,
			pendingSession: resumable.pendingSession,
			password: PASSWORD,
		});
		expect(done.status).toBe('completed');
		const items = await runLogin(
			[
				{ operation: 'requestCode', phoneNumber: '12' },
				{ operation: 'requestCode', phoneNumber: '+15552015' },
			],
			{ credential: appCredential(ts), continueOnFail: true },
		);
		outputs.push(...items.map((i) => i.json));

		const credential = parseCredential(appCredential(ts));
		const sealedIn = (list: IDataObject[]) =>
			list
				.filter((o) => typeof o.pendingSession === 'string')
				.map((o) => String(unsealPending(credential, o.pendingSession).session));
		const sessionsIn = (list: IDataObject[]) =>
			list.filter((o) => o.status === 'completed').map((o) => String(o.session));
		const mine = outputs.slice(fromOutput);
		expect(logs.length - fromLog).toBeGreaterThan(10);
		expect(sealedIn(mine).length).toBeGreaterThan(5);
		expect(sessionsIn(mine)).toHaveLength(2);
		// Checked over everything so far: these logins, and any other test's that ran before.
		const pending = sealedIn(outputs);
		const sessions = [...pending, ...sessionsIn(outputs)];
		expectNoSecrets(outputs, [API_HASH, PASSWORD, 'wrong horse', 'wrong again']);
		// The sealed value does not hold the key in the clear.
		expectNoSecrets(
			outputs.filter((o) => o.status !== 'completed'),
			pending,
		);
		expectNoSecrets(logs, [API_HASH, PASSWORD, 'wrong horse', ...sessions]);
		for (const json of outputs.filter((o) => o.status !== 'completed')) {
			expect(json.session).toBeUndefined();
			expect(JSON.stringify(json)).not.toMatch(/"1[A-Za-z0-9+/]{300,}/);
		}
	});
});
