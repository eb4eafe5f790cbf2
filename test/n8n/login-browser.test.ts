// Both login form examples, imported unchanged into a real n8n, used as a person uses them: in
// headless Chromium, reading each page's text, typing, pressing buttons. After each flow the raw
// bytes of n8n's database files are searched for the secrets of the login, typed 2FA passwords
// included (they go to the workflow's Password Page, which starts no execution). Screenshots of every
// page go to docs/login/ with UPDATE_LOGIN_SCREENSHOTS=1 (the README's login section shows them).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import type { Page } from 'playwright-core';

import { TelegramAccountClient } from '../../nodes/shared/transport/client';
import { parseCredential } from '../../nodes/shared/transport/credential';
import type { TestServer } from '../server';
import { startTestServer } from '../server';
import { startBrowser, visibleText, type HeadlessBrowser } from './browser';
import { startN8n, type N8nInstance } from './harness';

const API_ID = 424244;
const API_HASH = 'fedcba9876543210fedcba9876543210';
// The README's pictures are refreshed on request only, so a test run leaves the clone unchanged.
const SHOTS =
	process.env.UPDATE_LOGIN_SCREENSHOTS === '1'
		? path.join(__dirname, '../../docs/login')
		: path.join(os.tmpdir(), 'telegram-login-screenshots');

let telegram: TestServer | undefined;
let n8n: N8nInstance | undefined;
let browser: HeadlessBrowser | undefined;
const active: string[] = [];

// As test/n8n/suite.ts, with a longer start deadline: Chromium and n8n share a loaded machine.
beforeAll(async () => {
	browser = await startBrowser();
	telegram = await startTestServer();
	n8n = await startN8n({ readyTimeoutMs: 240_000 });
}, 420_000);
afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	await telegram?.stop();
}, 60_000);

function both(): { telegram: TestServer; n8n: N8nInstance } {
	if (!telegram || !n8n) throw new Error('set-up failed');
	return { telegram, n8n };
}
// The examples' webhook paths are fixed: one active copy at a time.
afterEach(async () => {
	for (const id of active.splice(0)) await both().n8n.deactivate(id);
}, 30_000);

function appCredentialData(ts: TestServer) {
	const dc = ts.dcs[0];
	return {
		apiId: API_ID,
		apiHash: API_HASH,
		options: {
			server: 'custom',
			customHost: dc.host,
			customPort: dc.port,
			customDcId: dc.id,
			customRsaPublicKey: ts.rsaPublicKeyPem,
			requestTimeout: 10,
		},
	};
}

/** The example as a user imports it: only its credential chosen, and its form path made unique. */
async function activeExample(example: string, pageWaitMinutes?: number): Promise<string> {
	const { telegram: ts, n8n: app } = both();
	const credential = await app.importCredential({
		name: 'Loopback Telegram App',
		type: 'telegramAppApi',
		data: appCredentialData(ts),
	});
	const file = path.join(__dirname, '../../examples', example);
	const workflow = JSON.parse(readFileSync(file, 'utf8')) as {
		nodes: Array<{ type: string; parameters: Record<string, unknown>; credentials?: object }>;
	};
	const formPath = `login-${randomBytes(4).toString('hex')}`;
	for (const node of workflow.nodes) {
		if (node.credentials) {
			node.credentials = { telegramAppApi: { id: credential.id, name: 'Loopback Telegram App' } };
		}
		if (node.type === 'n8n-nodes-base.formTrigger') {
			node.parameters.options = { ...(node.parameters.options as object), path: formPath };
		}
		// An abandoned login, without waiting the example's 15 minutes per page.
		if (pageWaitMinutes !== undefined && node.parameters.limitWaitTime === true) {
			node.parameters.resumeAmount = pageWaitMinutes;
		}
	}
	const { id } = await app.importWorkflow(workflow);
	await app.activate(id);
	active.push(id);
	return `${app.baseUrl}/form/${formPath}`;
}

async function shot(page: Page, name: string): Promise<void> {
	mkdirSync(SHOTS, { recursive: true });
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Waits until the page a person sees says `text` (n8n's form moves on by itself). */
async function sees(page: Page, text: RegExp, timeoutMs = 60_000): Promise<string> {
	await page
		.getByText(text)
		.first()
		.waitFor({ state: 'visible', timeout: timeoutMs })
		.catch(async (error: Error) => {
			const html = await page.content().catch(() => '');
			throw new Error(`${error.message}\n${page.url()}\n${html.slice(0, 3000)}`);
		});
	await page.waitForLoadState('load');
	return await visibleText(page);
}

async function answer(page: Page, value: string | undefined, button: string): Promise<void> {
	if (value !== undefined) await page.locator('input:visible').first().fill(value);
	await page.getByRole('button', { name: button }).click();
}

/** The hand-over page, then the session page: the session as its box holds it. */
async function takeSession(page: Page, name: RegExp, screenshot?: string): Promise<string> {
	let text = await sees(page, /You are logged in/);
	expect(text).toContain('only once');
	if (screenshot) await shot(page, `${screenshot}-1`);
	await answer(page, undefined, 'Show my session');
	text = await sees(page, /Logged in as/);
	expect(text).toMatch(name);
	expect(text).toContain('shown only this once');
	expect(text).toMatch(/Credentials → Telegram Account API .*Session/);
	const session = await page.locator('textarea#session').inputValue();
	// Whole: one unbroken StringSession, as long as GramJS makes them.
	expect(session).toMatch(/^1[A-Za-z0-9+/]{300,}={0,2}$/);
	const box = await page.locator('textarea#session').boundingBox();
	expect(box!.width).toBeLessThanOrEqual(1000);
	return session;
}

async function getMe(ts: TestServer, session: string): Promise<string> {
	const client = new TelegramAccountClient(parseCredential({ ...appCredentialData(ts), session }));
	try {
		await client.open();
		return String((await client.getMe()).firstName);
	} finally {
		await client.destroy();
	}
}

/** The session in n8n's own credential test, as the editor's Test button runs it. */
async function credentialTestPasses(session: string): Promise<void> {
	const { telegram: ts, n8n: app } = both();
	const result = await app.testCredential({
		name: 'Account from the form',
		type: 'telegramAccountApi',
		data: { ...appCredentialData(ts), session },
	});
	expect(result).toMatchObject({ status: 'OK' });
}

/** The link to the session, opened again, does not show it again. */
async function onlyOnce(page: Page, link: string, session: string): Promise<void> {
	await page.goto(link);
	await sees(page, /You are logged in/);
	await answer(page, undefined, 'Show my session');
	const text = await sees(page, /already shown/);
	expect(text).not.toContain(session);
}

/** The raw bytes of n8n's database files (the database, its write-ahead log and shared memory). */
function databaseBytes(): Buffer {
	const folder = path.join(both().n8n.userFolder, '.n8n');
	const files = ['database.sqlite', 'database.sqlite-wal', 'database.sqlite-shm'];
	return Buffer.concat(
		files
			.map((f) => path.join(folder, f))
			.filter(existsSync)
			.map((f) => readFileSync(f)),
	);
}

/** Which of the named secrets the database files hold, in any byte. */
function secretsInDatabase(secrets: Record<string, string>): string[] {
	const bytes = databaseBytes();
	return Object.entries(secrets)
		.filter(([, value]) => bytes.includes(Buffer.from(value)))
		.map(([name]) => name);
}

/** Polls n8n's own status of the form's run until it is gone (ended, nothing kept). */
async function runEnds(page: Page, timeoutMs = 60_000): Promise<void> {
	const waiting = /\/form-waiting\/\d+/.exec(page.url())?.[0];
	if (!waiting) return;
	const url = `${both().n8n.baseUrl}${waiting}/n8n-execution-status`;
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		last = (await (await fetch(url)).text()).trim();
		if (last === 'null' || last === 'success') return;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`the login's run did not end (status ${last})`);
}

describe('login forms in a browser, in a real n8n', () => {
	it('phone: wrong code, right code, wrong password, right one; the session once; no session, code hash or password left in the database', async () => {
		const { telegram: ts } = both();
		const phone = '+15557001';
		const password = 'browser pass 1';
		const wrongPassword = 'browser wrong 1';
		ts.control.createAccount({ phone, firstName: 'Pia', password, session: false });
		const formUrl = await activeExample('login-form-phone.json');
		const page = await browser!.newPage();
		try {
			await page.goto(formUrl);
			let text = await sees(page, /Log in to Telegram/);
			expect(text).toContain('international format');
			await page.locator('input:visible').first().fill(phone);
			await shot(page, 'phone-1-number');
			await answer(page, undefined, 'Send me a code');

			text = await sees(page, /Login code/);
			expect(text).toMatch(/Telegram sent the code to the Telegram app on your other phone/);
			await shot(page, 'phone-2-code');
			const { code, phoneCodeHash } = ts.control.lastCode({ phone })!;
			await answer(page, code === '11111' ? '22222' : '11111', 'Sign in');
			text = await sees(page, /The login code is wrong/);
			expect(text).toContain('Check it and type it again');
			await shot(page, 'phone-3-code-wrong');
			await answer(page, code, 'Sign in');

			text = await sees(page, /Two-step verification/);
			expect(text).toContain('two-step verification (2FA) password');
			expect(page.url()).toMatch(/\/webhook\/telegram-login-password\?token=/);
			await answer(page, wrongPassword, 'Check');
			text = await sees(page, /2FA password is wrong/);
			expect(text).toContain('try again');
			expect(await page.locator('input[type=password]').inputValue()).toBe('');
			await shot(page, 'phone-4-password-wrong');
			await answer(page, password, 'Check');

			const session = await takeSession(page, /Logged in as Pia/, 'session');
			const link = page.url();
			await shot(page, 'session-2');
			expect(await getMe(ts, session)).toBe('Pia');
			await credentialTestPasses(session);
			await onlyOnce(page, link, session);
			await shot(page, 'session-3-again');

			// The run ended; neither the session, the phone code hash nor a password was ever written
			// (n8n 2.41 writes a Form page's answer before any node runs: the password goes to the
			// Password Page, which starts no run; decision 0015).
			const secrets = { session, phoneCodeHash, password, wrongPassword };
			expect(secretsInDatabase(secrets)).toEqual([]);
		} finally {
			await page.close();
		}
	}, 240_000);

	it('QR: the page shows the code and the time left, moves on when the scan lands; wrong password, right one; the session once; no session or password in the database', async () => {
		const { telegram: ts } = both();
		const password = 'qr browser pass';
		const wrongPassword = 'qr wrong password';
		const account = ts.control.createAccount({
			phone: '+15557003',
			firstName: 'Quentin',
			password,
			session: false,
		});
		const formUrl = await activeExample('login-form-qr.json');
		const page = await browser!.newPage();
		try {
			await page.goto(formUrl);
			let text = await sees(page, /Log in to Telegram with a QR code/);
			expect(text).not.toContain('Name of this login');
			await shot(page, 'qr-1-start');
			await answer(page, undefined, 'Show QR code');

			text = await sees(page, /Scan the QR code/);
			expect(text).toMatch(/Settings → Devices → Link Desktop Device/);
			const frame = page.frameLocator('iframe');
			await frame.getByText(/This code works for (about \d+ seconds|a few seconds) more/).waitFor();
			await expect(frame.locator('svg').count()).resolves.toBe(1);
			await shot(page, 'qr-2-scan');
			// The person presses first, then scans: the page moves on by itself.
			await answer(page, undefined, 'Wait for my scan');
			await new Promise((resolve) => setTimeout(resolve, 1500));
			ts.control.acceptLoginToken({ userId: account.userId });

			text = await sees(page, /Two-step verification/);
			expect(page.url()).toMatch(/\/webhook\/telegram-qr-login-password\?token=/);
			await answer(page, wrongPassword, 'Check');
			text = await sees(page, /2FA password is wrong/);
			expect(text).toContain('try again');
			await answer(page, password, 'Check');

			const session = await takeSession(page, /Logged in as Quentin/);
			expect(await getMe(ts, session)).toBe('Quentin');
			await credentialTestPasses(session);
			await onlyOnce(page, page.url(), session);
			expect(secretsInDatabase({ session, password, wrongPassword })).toEqual([]);
		} finally {
			await page.close();
		}
	}, 240_000);

	it('QR: a code that runs out says so, and pressing the button brings a new one that works', async () => {
		const { telegram: ts } = both();
		const account = ts.control.createAccount({
			phone: '+15557004',
			firstName: 'Rita',
			session: false,
		});
		ts.control.setAuthOptions({ tokenTtlSec: 4 });
		const page = await browser!.newPage();
		try {
			const formUrl = await activeExample('login-form-qr.json');
			await page.goto(formUrl);
			await sees(page, /Log in to Telegram with a QR code/);
			await answer(page, undefined, 'Show QR code');
			await sees(page, /Scan the QR code/);
			// Only the first code is short-lived; the fresh one lives long enough for a slow machine.
			ts.control.setAuthOptions({ tokenTtlSec: 30 });
			const frame = page.frameLocator('iframe');
			await frame.getByText(/This code ran out/).waitFor({ timeout: 30_000 });
			expect(await frame.locator('body').innerText()).toContain(
				'Press Wait for my scan to get a new one',
			);
			await shot(page, 'qr-3-expired');
			await answer(page, undefined, 'Wait for my scan');
			const text = await sees(page, /The previous code ran out before a scan/);
			expect(text).toContain('Scan the QR code');
			await frame.getByText(/This code works for/).waitFor();
			await answer(page, undefined, 'Wait for my scan');
			ts.control.acceptLoginToken({ userId: account.userId });
			const session = await takeSession(page, /Logged in as Rita/);
			expect(await getMe(ts, session)).toBe('Rita');
		} finally {
			ts.control.setAuthOptions({ tokenTtlSec: 30 });
			await page.close();
		}
	}, 240_000);

	it('an abandoned login ends by itself and leaves no phone code hash in the database', async () => {
		const { telegram: ts } = both();
		const phone = '+15557005';
		ts.control.createAccount({ phone, firstName: 'Abe', session: false });
		// Every page waits 3 s instead of 15 minutes; n8n looks at waiting runs once a minute.
		const formUrl = await activeExample('login-form-phone.json', 0.05);
		const page = await browser!.newPage();
		try {
			await page.goto(formUrl);
			await sees(page, /Log in to Telegram/);
			await answer(page, phone, 'Send me a code');
			await sees(page, /Login code/);
			const { phoneCodeHash } = ts.control.lastCode({ phone })!;
			// The person closes the tab here.
			await runEnds(page, 200_000);
			await page.reload();
			expect(await visibleText(page)).not.toContain('Login code');
			expect(secretsInDatabase({ phoneCodeHash })).toEqual([]);
		} finally {
			await page.close();
		}
	}, 240_000);
});
