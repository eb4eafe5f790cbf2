// QR login through the node, against the loopback server: scanned by a second device (a signed-in
// GramJS client), with 2FA, with the DC migration Telegram asks for, and an expired QR refreshed.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { Api } from 'telegram';

import { withDeadline, sleep } from '../helpers/deadline';
import { connectGramJs } from '../helpers/gramjs';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { startTestServer, type TestServer } from '../server';
import { API_HASH, appCredential, expectNoSecrets, getMeWith, runLogin, step } from './fixture';

let ts: TestServer;
let before: HandleCounts;
const outputs: unknown[] = [];
const PASSWORD = 'qr two step';

beforeAll(async () => {
	before = handleSnapshot();
	ts = await startTestServer();
});

afterAll(async () => {
	await ts?.stop();
	await expectNoLeakedHandles(before);
});

const credential = () => appCredential(ts);

async function startQr(): Promise<INodeExecutionData> {
	const [item] = await runLogin(
		{ operation: 'startQrLogin', options: { qrFormats: ['svg', 'text'] } },
		{ credential: credential() },
	);
	outputs.push(item);
	return item;
}

async function waitQr(pendingSession: unknown, timeout = 20): Promise<INodeExecutionData> {
	const [item] = await runLogin(
		{ operation: 'waitQrLogin', pendingSession, timeout, options: { qrFormats: ['svg', 'text'] } },
		{ credential: credential(), deadlineMs: (timeout + 15) * 1000 },
	);
	outputs.push(item);
	return item;
}

const tokenOf = (link: unknown) =>
	Buffer.from(String(link).replace('tg://login?token=', ''), 'base64url');

/** The same account's phone, already logged in, scans the QR (auth.acceptLoginToken). */
async function scanWithPhone(session: string, link: unknown): Promise<void> {
	const phone = await connectGramJs({ server: ts.server, session });
	try {
		await withDeadline(
			phone.invoke(new Api.auth.AcceptLoginToken({ token: tokenOf(link) })),
			10_000,
			'accept',
		);
	} finally {
		await phone.destroy();
	}
}

function expectQr(item: INodeExecutionData, status: string): IDataObject {
	expect(item.json).toMatchObject({
		status,
		link: expect.stringMatching(/^tg:\/\/login\?token=[\w-]+$/),
	});
	// Loose on purpose: on a loaded machine a step takes seconds after the token was made.
	expect(Date.parse(String(item.json.expiresAt))).toBeGreaterThan(Date.now() - 30_000);
	const png = item.binary?.qr;
	expect(png?.mimeType).toBe('image/png');
	expect(Buffer.from(String(png?.data), 'base64').subarray(1, 4).toString()).toBe('PNG');
	expect(String(item.json.qrSvg)).toMatch(/^<svg/);
	expect(String(item.json.qrText)).toMatch(/^[█▀▄ \n]+$/);
	return item.json;
}

describe('QR login', () => {
	it('is accepted from a second device while Wait for QR Login listens', async () => {
		const kim = ts.control.createAccount({ phone: '+15553001', firstName: 'Kim' });
		const ready = expectQr(await startQr(), 'ready');
		const waiting = waitQr(ready.pendingSession);
		await sleep(700);
		await scanWithPhone(kim.session!, ready.link);
		const done = (await waiting).json;
		expect(done).toMatchObject({ status: 'completed', user: { id: String(kim.userId) } });
		expect(await getMeWith(ts, String(done.session))).toEqual({
			id: String(kim.userId),
			firstName: 'Kim',
		});
	});

	it('finds a scan that happened before Wait for QR Login started', async () => {
		const lea = ts.control.createAccount({ phone: '+15553002', firstName: 'Lea', session: false });
		const ready = expectQr(await startQr(), 'ready');
		ts.control.acceptLoginToken({
			userId: lea.userId,
			token: tokenOf(ready.link).toString('base64url'),
		});
		const done = (await waitQr(ready.pendingSession)).json;
		expect(done).toMatchObject({ status: 'completed', user: { id: String(lea.userId) } });
	});

	it('with 2FA: password_required, then Check Password', async () => {
		const max = ts.control.createAccount({
			phone: '+15553003',
			firstName: 'Max',
			password: PASSWORD,
		});
		const ready = expectQr(await startQr(), 'ready');
		const waiting = waitQr(ready.pendingSession);
		await sleep(500);
		await scanWithPhone(max.session!, ready.link);
		const needed = (await waiting).json;
		expect(needed.status).toBe('password_required');
		const done = await step(
			{ operation: 'checkPassword', pendingSession: needed.pendingSession, password: PASSWORD },
			{ credential: credential() },
		);
		outputs.push(done);
		expect(done.status).toBe('completed');
		expect(await getMeWith(ts, String(done.session))).toEqual({
			id: String(max.userId),
			firstName: 'Max',
		});
	});

	it('switches to the account home DC when Telegram asks (loginTokenMigrateTo)', async () => {
		const ned = ts.control.createAccount({ phone: '+15553004', firstName: 'Ned', dcId: 2 });
		const ready = expectQr(await startQr(), 'ready');
		const waiting = waitQr(ready.pendingSession);
		await sleep(500);
		await scanWithPhone(ned.session!, ready.link);
		const done = (await waiting).json;
		expect(done.status).toBe('completed');
		expect(await getMeWith(ts, String(done.session))).toEqual({
			id: String(ned.userId),
			firstName: 'Ned',
		});
		const imports = ts.control.rpcLog({ method: 'auth.ImportLoginToken' });
		expect(imports.some((e) => e.dcId === 2 && !e.error)).toBe(true);
	});

	it('with 2FA and a DC migration: the password is checked on the home DC', async () => {
		const ora = ts.control.createAccount({
			phone: '+15553005',
			firstName: 'Ora',
			dcId: 2,
			password: PASSWORD,
		});
		const ready = expectQr(await startQr(), 'ready');
		ts.control.acceptLoginToken({
			userId: ora.userId,
			token: tokenOf(ready.link).toString('base64url'),
		});
		const needed = (await waitQr(ready.pendingSession)).json;
		expect(needed.status).toBe('password_required');
		const done = await step(
			{ operation: 'checkPassword', pendingSession: needed.pendingSession, password: PASSWORD },
			{ credential: credential() },
		);
		expect(await getMeWith(ts, String(done.session))).toEqual({
			id: String(ora.userId),
			firstName: 'Ora',
		});
	});

	it('returns a fresh QR when the shown one expires, and the fresh one is accepted', async () => {
		const pia = ts.control.createAccount({ phone: '+15553006', firstName: 'Pia', session: false });
		ts.control.setAuthOptions({ tokenTtlSec: 4 });
		try {
			const ready = expectQr(await startQr(), 'ready');
			// Only the shown QR is short-lived: the fresh one must outlive a slow machine.
			ts.control.setAuthOptions({ tokenTtlSec: 30 });
			const t0 = Date.now();
			const expired = expectQr(await waitQr(ready.pendingSession, 180), 'expired');
			// It ends when the shown QR expires, not after the 180 s timeout.
			expect(Date.now() - t0).toBeLessThan(25_000);
			expect(expired.link).not.toBe(ready.link);
			ts.control.acceptLoginToken({
				userId: pia.userId,
				token: tokenOf(expired.link).toString('base64url'),
			});
			const done = (await waitQr(expired.pendingSession)).json;
			expect(done).toMatchObject({ status: 'completed', user: { id: String(pia.userId) } });
		} finally {
			ts.control.setAuthOptions({ tokenTtlSec: 30 });
		}
	});

	it('ends at the timeout with status expired when nobody scans', async () => {
		const ready = expectQr(await startQr(), 'ready');
		const t0 = Date.now();
		expectQr(await waitQr(ready.pendingSession, 1), 'expired');
		expect(Date.now() - t0).toBeLessThan(20_000);
	});

	it('stops waiting (up to an hour) as soon as the execution is cancelled', async () => {
		ts.control.setAuthOptions({ tokenTtlSec: 3600 });
		try {
			const ready = expectQr(await startQr(), 'ready');
			const stop = new AbortController();
			const waiting = runLogin(
				{ operation: 'waitQrLogin', pendingSession: ready.pendingSession, timeout: 3600 },
				{ credential: credential(), cancelSignal: stop.signal, deadlineMs: 10_000 },
			).then(
				() => undefined,
				(e: Error) => e,
			);
			await sleep(500);
			stop.abort();
			const error = await waiting;
			expect(error?.message).toMatch(/cancelled/);
		} finally {
			ts.control.setAuthOptions({ tokenTtlSec: 30 });
		}
	});

	it('never outputs the api_hash or the password', () => {
		expectNoSecrets(outputs, [API_HASH, PASSWORD]);
	});
});
