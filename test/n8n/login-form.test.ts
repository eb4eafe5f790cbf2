// The login form example, imported into a real n8n and driven page by page with HTTP form posts
// (multipart, as the form page's own script sends them): phone → code → 2FA password on the
// workflow's Password Page (urlencoded, as its own form sends it) → the session, handed over once
// by the workflow's Session Link, which then works for getMe against the loopback server.
// test/n8n/login-browser.test.ts drives the same forms in a browser.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import * as path from 'node:path';

import { TelegramAccountClient } from '../../nodes/shared/transport/client';
import { parseCredential } from '../../nodes/shared/transport/credential';
import type { TestServer } from '../server';
import { n8nSuite } from './suite';

const API_ID = 424243;
const API_HASH = 'abcdef0123456789abcdef0123456789';

const both = n8nSuite();
const active: string[] = [];
// The examples' webhook paths are fixed: one active copy at a time.
afterEach(async () => {
	for (const id of active.splice(0)) await both().n8n.deactivate(id);
}, 30_000);

interface Page {
	status: number;
	text: string;
	location?: string;
}

/** A multipart/form-data POST (field-0, field-1… as n8n's form page names its inputs). */
function postForm(url: string, fields: string[], timeoutMs = 60_000): Promise<Page> {
	const boundary = `----n8nform${randomBytes(8).toString('hex')}`;
	const parts = fields.map(
		(value, i) =>
			`--${boundary}\r\nContent-Disposition: form-data; name="field-${i}"\r\n\r\n${value}\r\n`,
	);
	const body = Buffer.from(`${parts.join('')}--${boundary}--\r\n`);
	return send(url, 'POST', timeoutMs, body, `multipart/form-data; boundary=${boundary}`);
}

function send(
	url: string,
	method: string,
	timeoutMs: number,
	body?: Buffer,
	type?: string,
): Promise<Page> {
	return new Promise((resolve, reject) => {
		const headers: Record<string, string> = type ? { 'content-type': type } : {};
		const req = httpRequest(url, { method, agent: false, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('error', reject);
			res.on('end', () =>
				resolve({
					status: res.statusCode ?? 0,
					text: Buffer.concat(chunks).toString(),
					location: res.headers.location,
				}),
			);
		});
		req.setTimeout(timeoutMs, () =>
			req.destroy(new Error(`${method} ${url}: no answer in ${timeoutMs} ms`)),
		);
		req.on('error', reject);
		req.end(body);
	});
}

const get = (url: string) => send(url, 'GET', 30_000);

/** Waits, as the form page's script does, until the execution shows its next page. */
async function nextPage(waitingUrl: string, expectText: RegExp): Promise<Page> {
	const status = new URL(waitingUrl);
	status.pathname += '/n8n-execution-status';
	const deadline = Date.now() + 60_000;
	let last = '';
	while (Date.now() < deadline) {
		last = (await get(status.toString())).text.trim();
		if (last === 'form-waiting') {
			const page = await get(waitingUrl);
			if (expectText.test(page.text)) return page;
			last = `a page without ${expectText}: ${page.text.slice(0, 300)}`;
		}
		if (['error', 'crashed', 'canceled'].includes(last)) break;
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	throw new Error(
		`the next form page did not come (last status: ${last})\n${both().n8n.logTail(30)}`,
	);
}

/** Waits until n8n reports the run done and its data not kept ("null": no saved execution). */
async function executionGone(waitingUrl: string, timeoutMs = 30_000): Promise<void> {
	const status = new URL(waitingUrl);
	status.pathname += '/n8n-execution-status';
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		last = (await get(status.toString())).text.trim();
		if (last === 'null') return;
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	throw new Error(`the execution is still kept (status: ${last})`);
}

function loginWorkflow(
	credentialId: string,
	formPath: string,
	example = 'login-form-phone.json',
	pageWaitMinutes?: number,
): Record<string, unknown> {
	const file = path.join(__dirname, '../../examples', example);
	const workflow = JSON.parse(readFileSync(file, 'utf8')) as {
		nodes: Array<{
			type: string;
			parameters: Record<string, unknown>;
			credentials?: Record<string, unknown>;
		}>;
	};
	for (const node of workflow.nodes) {
		if (node.credentials?.telegramAppApi) {
			node.credentials.telegramAppApi = { id: credentialId, name: 'Loopback Telegram App' };
		}
		if (node.type === 'n8n-nodes-base.formTrigger') {
			node.parameters.options = { ...(node.parameters.options as object), path: formPath };
		}
		// An abandoned login, without waiting the example's 15 minutes per page.
		if (pageWaitMinutes !== undefined && node.parameters.limitWaitTime === true) {
			node.parameters.resumeAmount = pageWaitMinutes;
		}
	}
	return workflow;
}

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

async function getMe(ts: TestServer, session: string): Promise<string> {
	const client = new TelegramAccountClient(parseCredential({ ...appCredentialData(ts), session }));
	try {
		await client.open();
		return String((await client.getMe()).firstName);
	} finally {
		await client.destroy();
	}
}

/** Imports the example with a credential for the loopback server and activates it. */
async function activeLoginForm(
	example?: string,
	pageWaitMinutes?: number,
): Promise<{ id: string; formPath: string }> {
	const { telegram: ts, n8n: app } = both();
	const credential = await app.importCredential({
		name: 'Loopback Telegram App',
		type: 'telegramAppApi',
		data: appCredentialData(ts),
	});
	const formPath = `telegram-login-${randomBytes(4).toString('hex')}`;
	const workflow = loginWorkflow(credential.id, formPath, example, pageWaitMinutes);
	const { id } = await app.importWorkflow(workflow);
	await app.activate(id);
	active.push(id);
	return { id, formPath };
}

async function submitPhone(formPath: string, phone?: string): Promise<string> {
	const fields = phone === undefined ? [] : [phone];
	const submitted = await postForm(`${both().n8n.baseUrl}/form/${formPath}`, fields);
	const waitingUrl = (JSON.parse(submitted.text) as { formWaitingUrl?: string }).formWaitingUrl;
	if (!waitingUrl)
		throw new Error(`no formWaitingUrl: ${submitted.status} ${submitted.text.slice(0, 300)}`);
	return waitingUrl;
}

/** The end of a form: the last page posts back once shown, then the run ends, keeping nothing. */
async function finish(waitingUrl: string): Promise<void> {
	await send(waitingUrl, 'POST', 30_000, Buffer.from(''), 'text/plain');
	await executionGone(waitingUrl);
}

const FORM = 'application/x-www-form-urlencoded';
const urlencoded = (fields: Record<string, string>) =>
	Buffer.from(new URLSearchParams(fields).toString());

/** The link a form's completion page redirects to (`/webhook/<kind>?token=…`) and its token. */
async function redirectOf(waitingUrl: string, kind: string): Promise<[string, string]> {
	const last = await nextPage(
		waitingUrl,
		new RegExp(`/webhook/telegram-(qr-)?login-${kind}\\?token`),
	);
	// The completion page's template escapes '=' in the link it redirects to.
	const html = last.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
	const pattern = `href='(http[^']+/webhook/telegram-(?:qr-)?login-${kind}\\?token=([\\w-]+))'`;
	const link = new RegExp(pattern).exec(html);
	if (!link) throw new Error(`no ${kind} link on the last page: ${last.text.slice(0, 500)}`);
	return [link[1], link[2]];
}

/**
 * The 2FA step: the form's page sends the browser to the workflow's Password Page, which asks,
 * says why a wrong password was refused, and on the right one redirects to the Session Link.
 */
async function passwordVia(waitingUrl: string, wrong: string, right: string): Promise<string> {
	const [link, token] = await redirectOf(waitingUrl, 'password');
	const ask = await get(link);
	expect(ask.status).toBe(200);
	expect(ask.text).toContain('Two-step verification');
	const refused = await send(link, 'POST', 60_000, urlencoded({ token, password: wrong }), FORM);
	expect(refused.text).toContain('The 2FA password is wrong.');
	expect(refused.text).not.toContain(wrong);
	const accepted = await send(link, 'POST', 60_000, urlencoded({ token, password: right }), FORM);
	expect(accepted.status).toBe(303);
	return new URL(accepted.location!, link).toString();
}

/**
 * The last form page (or the Password Page) sends the browser to the workflow's Session Link:
 * its GET shows a button only; the button's POST hands the session over, once.
 */
async function sessionVia(waitingUrl: string, name: RegExp): Promise<string> {
	const [link] = await redirectOf(waitingUrl, 'session');
	return await sessionAt(link, name);
}

async function sessionAt(link: string, name: RegExp): Promise<string> {
	const token = new URL(link).searchParams.get('token') ?? '';
	const ask = await get(link);
	expect(ask.text).toContain('Show my session');
	expect(ask.text).not.toMatch(/\b1[A-Za-z0-9+/]{300,}/);
	const form = (value: string) => urlencoded({ token: value });
	const type = FORM;
	const shown = await send(link, 'POST', 30_000, form(token), type);
	expect(shown.text).toMatch(name);
	expect(shown.text).toContain('shown <b>only this once</b>');
	expect(shown.text).toMatch(/Credentials<\/b> → <b>Telegram Account API<\/b>.*<b>Session<\/b>/);
	const again = await send(link, 'POST', 30_000, form(token), type);
	expect(again.text).toContain('This session was already shown');
	return sessionOn(shown);
}

const sessionOn = (page: Page): string => {
	const session = /\b1[A-Za-z0-9+/]{300,}={0,2}/.exec(page.text)?.[0];
	if (!session) throw new Error(`no session on the last page: ${page.text.slice(0, 500)}`);
	return session;
};

describe('login form example in a real n8n', () => {
	it('goes phone → wrong code → the code page again with the reason → right code → session', async () => {
		const { telegram: ts } = both();
		const phone = '+15554002';
		ts.control.createAccount({ phone, firstName: 'Plain', session: false });
		const { formPath } = await activeLoginForm();
		const waitingUrl = await submitPhone(formPath, phone);
		const codePage = await nextPage(waitingUrl, /Login code/);
		expect(codePage.text).toMatch(/Telegram sent the code to (the Telegram app|your )/);
		const code = ts.control.lastCode({ phone })!.code;
		await postForm(waitingUrl, [code === '11111' ? '22222' : '11111']);
		await nextPage(waitingUrl, /The login code is wrong\. Check it and type it again/);
		await postForm(waitingUrl, [code]);
		expect(await getMe(ts, await sessionVia(waitingUrl, /Logged in as Plain/))).toBe('Plain');
	}, 180_000);

	it('goes phone → code → wrong 2FA password → right one → session, saves no execution', async () => {
		const { telegram: ts, n8n: app } = both();
		const phone = '+15554001';
		const password = 'form pass 1';
		ts.control.createAccount({ phone, firstName: 'Formy', password, session: false });
		const { id, formPath } = await activeLoginForm();

		const first = await get(`${app.baseUrl}/form/${formPath}`);
		expect(first.status).toBe(200);
		expect(first.text).toContain('Log in to Telegram');

		const waitingUrl = await submitPhone(formPath, phone);

		await nextPage(waitingUrl, /Login code/);
		const code = ts.control.lastCode({ phone })!.code;
		await postForm(waitingUrl, [code]);

		// A wrong password brings the Password Page back with the reason; the login goes on.
		const sessionLink = await passwordVia(waitingUrl, 'not the password', password);
		const session = await sessionAt(sessionLink, /Logged in as Formy/);
		expect(await getMe(ts, session)).toBe('Formy');

		// The run ends once the last page is shown and, as the workflow saves no execution data,
		// n8n keeps none; the password never reached it (login-browser.test.ts scans the files).
		await finish(waitingUrl);
		const saved = JSON.stringify(await app.executions(id));
		expect(saved).not.toContain(session);
		expect(saved).not.toContain(password);
	}, 180_000);

	it('QR example: the scan page shows the QR code drawn by the workflow, then the session', async () => {
		const { telegram: ts } = both();
		const qr = ts.control.createAccount({ phone: '+15554003', firstName: 'Quinn', session: false });
		const { formPath } = await activeLoginForm('login-form-qr.json');
		const waitingUrl = await submitPhone(formPath);
		const scan = await nextPage(waitingUrl, /Scan the QR code/);
		const frame = /<iframe src="([^"]+)"/.exec(scan.text)?.[1]?.replace(/&amp;/g, '&');
		expect(frame).toMatch(/\/webhook\/telegram-qr-login-code\?link=tg%3A%2F%2Flogin/);
		const drawn = await get(frame!);
		expect(drawn.text).toMatch(/<svg[^>]*>.*<path/s);
		expect(drawn.text).toMatch(
			/This code works for <b>(about \d+ seconds|a few seconds)<\/b> more/,
		);
		// The phone scans the QR on the page: the newest token waiting on the server.
		ts.control.acceptLoginToken({ userId: qr.userId });
		await postForm(waitingUrl, []);
		expect(await getMe(ts, await sessionVia(waitingUrl, /Logged in as Quinn/))).toBe('Quinn');
	}, 180_000);

	it('QR example: an expired QR comes back fresh on the same page, then is accepted', async () => {
		const { telegram: ts } = both();
		const rae = ts.control.createAccount({ phone: '+15554004', firstName: 'Rae', session: false });
		ts.control.setAuthOptions({ tokenTtlSec: 3 });
		try {
			const { formPath } = await activeLoginForm('login-form-qr.json');
			const waitingUrl = await submitPhone(formPath);
			const first = await nextPage(waitingUrl, /Scan the QR code/);
			// Only the first QR is short-lived; the fresh one lives long enough for a slow machine.
			ts.control.setAuthOptions({ tokenTtlSec: 30 });
			await new Promise((resolve) => setTimeout(resolve, 3500));
			await postForm(waitingUrl, []);
			// Nobody scanned in time: the scan page again, with another QR code.
			const second = await nextPage(waitingUrl, /Scan the QR code/);
			const qrOf = (page: Page) => /<iframe src="([^"]+)"/.exec(page.text)?.[1];
			expect(qrOf(second)).toBeDefined();
			expect(qrOf(second)).not.toBe(qrOf(first));
			ts.control.acceptLoginToken({ userId: rae.userId });
			await postForm(waitingUrl, []);
			expect(await getMe(ts, await sessionVia(waitingUrl, /Logged in as Rae/))).toBe('Rae');
		} finally {
			ts.control.setAuthOptions({ tokenTtlSec: 30 });
		}
	}, 180_000);

	it('QR example: wrong 2FA password → the page again with the reason → right one → session', async () => {
		const { telegram: ts } = both();
		const password = 'qr pass 2';
		const wrong = 'qr wrong 2';
		const account = ts.control.createAccount({
			phone: '+15554005',
			firstName: 'Quill',
			password,
			session: false,
		});
		const { formPath } = await activeLoginForm('login-form-qr.json');
		const start = await get(`${both().n8n.baseUrl}/form/${formPath}`);
		expect(start.text).not.toContain('Name of this login');
		const waitingUrl = await submitPhone(formPath);
		await nextPage(waitingUrl, /Scan the QR code/);
		ts.control.acceptLoginToken({ userId: account.userId });
		await postForm(waitingUrl, []);
		const sessionLink = await passwordVia(waitingUrl, wrong, password);
		expect(await getMe(ts, await sessionAt(sessionLink, /Logged in as Quill/))).toBe('Quill');
		await finish(waitingUrl);
	}, 180_000);

	it('a phone number Telegram refuses ends on a page that says why, not a dead end', async () => {
		const { formPath } = await activeLoginForm();
		const waitingUrl = await submitPhone(formPath, '+12');
		const page = await nextPage(waitingUrl, /The login did not finish/);
		expect(page.text).toMatch(/The phone number is invalid\. Give it in international format/);
		expect(page.text).toContain('Open the form again to start over.');
	}, 180_000);

	it('an abandoned login ends by itself: the code page times out and the run is gone', async () => {
		const { telegram: ts } = both();
		const phone = '+15554006';
		ts.control.createAccount({ phone, firstName: 'Gone', session: false });
		// Every page waits 3 s instead of 15 minutes; n8n looks at waiting runs once a minute.
		const { formPath } = await activeLoginForm(undefined, 0.05);
		const waitingUrl = await submitPhone(formPath, phone);
		await nextPage(waitingUrl, /Login code/);
		await executionGone(waitingUrl, 200_000);
		const after = await get(waitingUrl);
		expect(after.text).not.toContain('Login code');
	}, 240_000);
});
