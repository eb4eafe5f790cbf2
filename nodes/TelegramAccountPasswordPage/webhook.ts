// The password page's requests. They never start an execution (no workflowData): n8n writes
// nothing of them to its database, so the typed password stays in this request (decision 0015).
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	checkKeptPassword,
	passwordPageLogin,
} from '../TelegramAccountLogin/login/passwordHandOver';
import { webhookParameters } from '../shared/params/reader';
import { parseCredential } from '../shared/transport/credential';
import { describeError } from '../shared/transport/errors';
import { linkRanOutPage, passwordPage, type Problem } from './page';

export const DEFAULT_PATH = 'telegram-login-password';
export const DEFAULT_SESSION_LINK_PATH = 'telegram-login-session';

const HEADERS = {
	'Cache-Control': 'no-store',
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
	// No script, no frame around it (a password page), forms only to this n8n.
	'Content-Security-Policy':
		"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A webhook path as the node's fields give it: no leading or trailing slash. */
const trimPath = (path: string): string => path.trim().replace(/^\/+|\/+$/g, '');

function send(fn: IWebhookFunctions, status: number, html: string): IWebhookResponseData {
	const res = fn.getResponseObject();
	res.writeHead(status, { ...HEADERS, 'Content-Type': 'text/html; charset=utf-8' });
	res.end(html);
	return { noWebhookResponse: true };
}

/**
 * The Session Link of the same workflow, relative to this page, so it works under /webhook/
 * and /webhook-test/ and behind a proxy that adds a prefix.
 */
function sessionLinkBase(fn: IWebhookFunctions): string {
	const params = webhookParameters(fn);
	const own = trimPath(params.text('path', DEFAULT_PATH));
	const target = trimPath(params.text('sessionLinkPath', DEFAULT_SESSION_LINK_PATH));
	if (!target) throw params.error('sessionLinkPath', 'is empty', 'Give the Session Link path.');
	const up = '../'.repeat(own.split('/').length - 1) || './';
	return `${up}${encodeURI(target)}?token=`;
}

async function check(fn: IWebhookFunctions, body: IDataObject): Promise<IWebhookResponseData> {
	const token = text(body.token);
	// Not trimmed: spaces may be part of a password.
	const password = text(body.password);
	const login = passwordPageLogin(token);
	if (!login) return send(fn, 404, linkRanOutPage());
	const again = (problem: Problem) =>
		send(fn, 200, passwordPage({ token, passwordHint: login.passwordHint, problem }));
	if (!password) return again({ message: 'Type the password', description: 'It was empty.' });
	let outcome;
	let link: string;
	try {
		// Read before the check: a field that cannot work must not cost a login its session.
		link = sessionLinkBase(fn);
		const credential = parseCredential(await fn.getCredentials('telegramAppApi'));
		outcome = await checkKeptPassword(credential, token, password);
	} catch (error) {
		return again(describeError(error));
	}
	if (outcome.outcome === 'gone') return send(fn, 404, linkRanOutPage());
	if (outcome.outcome === 'retry') return again(outcome);
	const res = fn.getResponseObject();
	res.writeHead(303, { ...HEADERS, Location: link + encodeURIComponent(outcome.sessionToken) });
	res.end();
	return { noWebhookResponse: true };
}

/** GET shows the page for ?token=; POST (token, password) checks the password. */
export async function answer(fn: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = fn.getRequestObject();
	if (request.method === 'POST') return await check(fn, (fn.getBodyData() ?? {}) as IDataObject);
	const token = text((fn.getQueryData() as IDataObject).token);
	const login = passwordPageLogin(token);
	if (!login) return send(fn, 404, linkRanOutPage());
	return send(fn, 200, passwordPage({ token, passwordHint: login.passwordHint }));
}
