// Session Output "Once, by Token" and Hand Over Session (the login forms keep the session out of
// saved executions, decision 0014), and Draw QR Code (the QR page's picture), through the node.
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { startTestServer, type TestServer } from '../server';
import { appCredential, getMeWith, runLogin, step } from './fixture';

let ts: TestServer;
let before: HandleCounts;

beforeAll(async () => {
	before = handleSnapshot();
	ts = await startTestServer();
});

afterAll(async () => {
	await ts?.stop();
	await expectNoLeakedHandles(before);
});

const run = async (params: Record<string, unknown>) =>
	await step(params, { credential: appCredential(ts) });

const failure = async (params: Record<string, unknown>) =>
	await run(params).then(
		() => Promise.reject(new Error('expected the step to fail')),
		(error: Error & { description?: string }) => error,
	);

async function loginByToken(phone: string, firstName: string) {
	ts.control.createAccount({ phone, firstName, session: false });
	const sent = await run({ operation: 'requestCode', phoneNumber: phone, options: {} });
	return await run({
		operation: 'signIn',
		sessionOutput: 'token',
		phoneNumber: phone,
		code: ts.control.lastCode({ phone })!.code,
		pendingSession: sent.pendingSession,
		password: '',
	});
}

describe('session handed over once', () => {
	it('a completed step returns a token, not the session; Hand Over Session gives it once', async () => {
		const done = await loginByToken('+15558001', 'Hana');
		expect(done).toMatchObject({ status: 'completed', user: { firstName: 'Hana' } });
		expect(done.session).toBeUndefined();
		expect(String(done.sessionToken)).toMatch(/^[\w-]{32}$/);

		const taken = await run({ operation: 'revealSession', sessionToken: done.sessionToken });
		expect(taken.status).toBe('completed');
		expect(await getMeWith(ts, String(taken.session))).toMatchObject({ firstName: 'Hana' });

		const again = await failure({ operation: 'revealSession', sessionToken: done.sessionToken });
		expect(again.message).toBe('The session was already shown, or its link expired');
		expect(again.description).toMatch(/handed over once, within 10 minutes/);
	});

	it('refuses a token it never gave', async () => {
		const error = await failure({ operation: 'revealSession', sessionToken: 'made-up-token' });
		expect(error.message).toMatch(/already shown, or its link expired/);
	});
});

describe('Draw QR Code', () => {
	it('draws a Telegram login link as PNG and SVG, with the time left in words', async () => {
		const link = `tg://login?token=${Buffer.alloc(32, 7).toString('base64url')}`;
		const [item] = await runLogin(
			{ operation: 'drawQr', link, expiresAt: String(Date.now() + 24_000) },
			{ credential: appCredential(ts) },
		);
		expect(item.json).toMatchObject({ link, expired: false, timeLeft: 'about 25 seconds' });
		expect(String(item.json.qrSvg)).toMatch(/^<svg[^>]*>.*<path/s);
		expect(item.binary?.qr?.mimeType).toBe('image/png');

		const gone = await run({ operation: 'drawQr', link, expiresAt: String(Date.now() - 1000) });
		expect(gone).toMatchObject({ expired: true, secondsLeft: 0 });
	});

	it('draws nothing but a Telegram login link', async () => {
		const error = await failure({ operation: 'drawQr', link: 'https://example.com/x' });
		expect(error.message).toBe('Login Link is not a Telegram login link');
	});
});
