// The Telegram Account Password Page's webhook against the loopback server: a login by phone that
// needs the 2FA password hands its passwordToken to the page, which asks, says why a password was
// refused, and on the right one redirects to the Session Link; the password is never echoed.
import { type IDataObject } from 'n8n-workflow';

import { PENDING_LIFETIME_MS } from '../../nodes/TelegramAccountLogin/login/pendingSession';
import { TelegramAccountPasswordPage } from '../../nodes/TelegramAccountPasswordPage/TelegramAccountPasswordPage.node';
import { captureLogs } from '../helpers/logs';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { callWebhook, type WebhookRequest } from '../helpers/webhookContext';
import { startTestServer, type TestServer } from '../server';
import { appCredential, getMeWith, step } from '../login/fixture';

let ts: TestServer;
let before: HandleCounts;
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

const page = new TelegramAccountPasswordPage();

const call = async (request: WebhookRequest, params: IDataObject = {}) =>
	await callWebhook(page, request, {
		params,
		credential: appCredential(ts),
		type: 'telegramAccountPasswordPage',
	});

const open = async (token: string) => await call({ method: 'GET', query: { token } });
const send = async (token: string, password: string, params: IDataObject = {}) =>
	await call({ method: 'POST', query: { token }, body: { token, password } }, params);

/** Request Code, then Sign In with Session Output "Once, by Token": status password_required. */
async function loginUntilPassword(
	phone: string,
	password: string,
	hint?: string,
	sessionOutput = 'token',
) {
	const { userId } = ts.control.createAccount({
		phone,
		firstName: 'Tess',
		password,
		session: false,
	});
	if (hint) ts.control.setPassword({ userId, password, hint });
	const credential = appCredential(ts);
	const sent = await step({ operation: 'requestCode', phoneNumber: phone }, { credential });
	const needed = await step(
		{
			operation: 'signIn',
			sessionOutput,
			phoneNumber: phone,
			code: ts.control.lastCode({ phone })!.code,
			pendingSession: sent.pendingSession,
			password: '',
		},
		{ credential },
	);
	expect(needed).toMatchObject({ status: 'password_required' });
	return { userId, token: needed.passwordToken as string };
}

describe('Telegram Account Password Page', () => {
	it('asks, refuses a wrong password with the reason, then redirects to the Session Link', async () => {
		const password = 'page pass 1';
		const wrong = 'page wrong 1';
		const { userId, token } = await loginUntilPassword('+15559001', password, 'a <b>"cat"</b>');
		expect(token).toMatch(/^[\w-]{32}$/);

		const asked = await open(token);
		expect(asked.status).toBe(200);
		expect(asked.result).toEqual({ noWebhookResponse: true });
		expect(asked.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(asked.headers['cache-control']).toBe('no-store');
		expect(asked.body).toContain('<h1>Two-step verification</h1>');
		expect(asked.body).toContain('autocomplete="current-password"');
		// The hint is the account owner's text: shown, never run as HTML.
		expect(asked.body).toContain('Hint: <b>a &lt;b&gt;&quot;cat&quot;&lt;/b&gt;</b>');

		const refused = await send(token, wrong);
		expect(refused.status).toBe(200);
		expect(refused.body).toContain('The 2FA password is wrong.');
		expect(refused.body).toContain('try again');
		expect(refused.body).toContain(`name="token" value="${token}"`);
		expect(refused.body).not.toContain(wrong);

		const accepted = await send(token, password);
		expect(accepted.status).toBe(303);
		expect(accepted.body).toBe('');
		const location = accepted.headers.location;
		expect(location).toMatch(/^\.\/telegram-login-session\?token=[\w-]{32}$/);
		expect(location).not.toContain(token);

		// The Session Link's step takes the session by that token; it is the account's.
		const sessionToken = new URL(location, 'http://n8n/webhook/').searchParams.get('token');
		const taken = await step(
			{ operation: 'revealSession', sessionToken },
			{ credential: appCredential(ts) },
		);
		expect(await getMeWith(ts, String(taken.session))).toEqual({
			id: String(userId),
			firstName: 'Tess',
		});

		// The login finished: its password page is gone.
		const after = await open(token);
		expect(after.status).toBe(404);
		expect(after.body).toContain('This login link ran out');
		for (const answer of [asked, refused, accepted, after]) {
			expect(answer.body).not.toContain(password);
			expect(JSON.stringify(answer.headers)).not.toContain(password);
		}
		expect(logs.join('\n')).not.toContain(password);
		expect(logs.join('\n')).not.toContain(wrong);
	});

	it('an unknown or expired token gets a page that says to open the form again', async () => {
		const unknown = await open('made-up-token');
		expect(unknown.status).toBe(404);
		expect(unknown.body).toContain('Open the login form again');
		const posted = await send('made-up-token', 'page pass 2');
		expect(posted.status).toBe(404);
		expect(posted.body).toContain('This login link ran out');
		expect(posted.body).not.toContain('page pass 2');

		const { token } = await loginUntilPassword('+15559002', 'page pass 3');
		expect((await open(token)).status).toBe(200);
		const now = Date.now();
		const later = jest.spyOn(Date, 'now').mockReturnValue(now + PENDING_LIFETIME_MS + 1000);
		try {
			const expired = await open(token);
			expect(expired.status).toBe(404);
			expect(expired.body).toContain('This login link ran out');
		} finally {
			later.mockRestore();
		}
	});

	it("a flood wait is said in plain words and the token stays valid; the link follows the page's paths", async () => {
		const password = 'page pass 4';
		const { token } = await loginUntilPassword('+15559003', password);
		ts.control.injectError({ method: 'auth.CheckPassword', error: 'PHONE_PASSWORD_FLOOD' });
		const flooded = await send(token, password);
		expect(flooded.status).toBe(200);
		expect(flooded.body).toContain('Too many password attempts.');
		expect(flooded.body).toContain('Wait before trying again.');
		expect(flooded.body).not.toContain(password);

		const empty = await send(token, '');
		expect(empty.body).toContain('Type the password.');

		const params = { path: 'login/qr-password', sessionLinkPath: 'login/qr-session' };
		const accepted = await send(token, password, params);
		expect(accepted.status).toBe(303);
		// Relative to /webhook/login/qr-password: the session link of the same workflow.
		expect(accepted.headers.location).toMatch(/^\.\.\/login\/qr-session\?token=[\w-]{32}$/);
	});

	it('a login step with Session Output "In the Output" gives no password token', async () => {
		const { token } = await loginUntilPassword('+15559004', 'page pass 5', undefined, 'session');
		expect(token).toBeUndefined();
	});
});
