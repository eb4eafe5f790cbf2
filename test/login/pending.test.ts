// The pending login in items (decision 0003): saved execution data plus public knowledge (api_id,
// api_hash) never opens it, it expires, and once its login finished an older one is useless.
import { createDecipheriv, hkdfSync } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { parseCredential } from '../../nodes/shared/transport/credential';
import {
	openPending,
	PENDING_LIFETIME_MS,
	SEALED_PREFIX,
} from '../../nodes/TelegramAccountLogin/login/pendingSession';
import type { TelegramAccountLogin } from '../../nodes/TelegramAccountLogin/TelegramAccountLogin.node';
import { withDeadline } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { startTestServer, type TestServer } from '../server';
import { API_HASH, API_ID, appCredential, step } from './fixture';

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

const withSecret = (loginSecret: string) => {
	const data = appCredential(ts);
	return { ...data, options: { ...(data.options as IDataObject), loginSecret } };
};

/** The login node as another n8n process loads it (its own module state, its own memory). */
function otherProcessNode(): TelegramAccountLogin {
	let node: TelegramAccountLogin | undefined;
	jest.isolateModules(() => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const m = require('../../nodes/TelegramAccountLogin/TelegramAccountLogin.node') as {
			TelegramAccountLogin: new () => TelegramAccountLogin;
		};
		node = new m.TelegramAccountLogin();
	});
	return node!;
}

async function requestCode(phone: string, credential = appCredential(ts)): Promise<IDataObject> {
	ts.control.createAccount({ phone, firstName: 'Pen', session: false });
	const sent = await step({ operation: 'requestCode', phoneNumber: phone }, { credential });
	expect(sent.status).toBe('pending');
	return sent;
}

const signIn = (
	sent: IDataObject,
	code = ts.control.lastCode({ phone: String(sent.phone) })!.code,
) => ({
	operation: 'signIn',
	phoneNumber: sent.phone,
	code,
	pendingSession: sent.pendingSession,
});

const failure = async (promise: Promise<unknown>): Promise<Error> =>
	await withDeadline(
		promise.then(
			() => new Error('expected a failure'),
			(e: Error) => e,
		),
		20_000,
		'login step',
	);

describe('pending login seal', () => {
	it('cannot be opened from the api_id and api_hash alone', async () => {
		const sent = await requestCode('+15553001');
		const raw = Buffer.from(String(sent.pendingSession).slice(SEALED_PREFIX.length), 'base64url');
		// Every key a reader of the execution could derive from public knowledge.
		for (const ikm of [API_HASH, String(API_ID), `${API_ID}:${API_HASH}`]) {
			for (const salt of [
				`telegram-account-login:${API_ID}`,
				`telegram-account-login:${API_ID}:${API_HASH}`,
			]) {
				for (const info of ['pending-session', 'pending-session-v2']) {
					const key = Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));
					const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
					decipher.setAAD(Buffer.from(SEALED_PREFIX));
					decipher.setAuthTag(raw.subarray(12, 28));
					decipher.update(raw.subarray(28));
					expect(() => decipher.final()).toThrow();
				}
			}
		}
		// Nor by another n8n process with the same credential (no Login Secret: a per-process key).
		const error = await failure(
			step(signIn(sent), { credential: appCredential(ts), nodeType: otherProcessNode() }),
		);
		expect(error.message).toMatch(/another n8n process/);
	});

	it('goes on in another process when the credential has a Login Secret', async () => {
		const credential = withSecret('a long random login secret 8b1f');
		const sent = await requestCode('+15553002', credential);
		const done = await step(signIn(sent), { credential, nodeType: otherProcessNode() });
		expect(done.status).toBe('completed');
	});

	it('expires: the expiry is inside the sealed value', async () => {
		const sent = await requestCode('+15553003');
		const credential = parseCredential(appCredential(ts));
		expect(openPending(credential, sent.pendingSession).session).toMatch(/^1/);
		const now = Date.now();
		const later = jest.spyOn(Date, 'now').mockReturnValue(now + PENDING_LIFETIME_MS + 1000);
		try {
			expect(() => openPending(credential, sent.pendingSession)).toThrow(/it expired/);
		} finally {
			later.mockRestore();
		}
	});

	it('is useless once its login finished', async () => {
		const sent = await requestCode('+15553004');
		const done = await step(signIn(sent), { credential: appCredential(ts) });
		expect(done.status).toBe('completed');
		// The saved Request Code output, replayed: refused, no session comes out.
		const replay = await failure(step(signIn(sent), { credential: appCredential(ts) }));
		expect(replay.message).toMatch(/already finished/);
		const resend = await failure(
			step({ ...signIn(sent), operation: 'resendCode' }, { credential: appCredential(ts) }),
		);
		expect(resend.message).toMatch(/already finished/);
	});

	it('is useless once its login finished, also in another process (Telegram says it is signed in)', async () => {
		const credential = withSecret('another long random login secret');
		const sent = await requestCode('+15553005', credential);
		const done = await step(signIn(sent), { credential });
		expect(done.status).toBe('completed');
		const replay = await failure(step(signIn(sent), { credential, nodeType: otherProcessNode() }));
		expect(replay.message).toMatch(/already finished/);
		expect(JSON.stringify(replay)).not.toContain(String(done.session));
	});
});
