// The password page's HTML: one small card, the look of the login examples' Session pages, no
// script. Every value put into it is escaped; the password itself never is put into it.

/** A reason shown above the field: Telegram's answer in plain words. */
export interface Problem {
	message: string;
	description?: string;
}

const STYLE =
	'body{font-family:system-ui,-apple-system,sans-serif;background:#fbfcfe;color:#2d2e2e;margin:0;padding:24px;}' +
	'.card{max-width:560px;margin:40px auto;background:#fff;border:1px solid #dbdfe7;border-radius:8px;padding:24px 32px;box-shadow:0 4px 16px rgba(99,77,255,.06);}' +
	'h1{font-size:22px;margin:0 0 12px;}p{line-height:1.5;}label{display:block;font-weight:600;margin:16px 0 6px;}' +
	'input[type=password]{width:100%;box-sizing:border-box;font-size:16px;padding:10px;border:1px solid #dbdfe7;border-radius:6px;}' +
	'.problem{color:#b42318;background:#fef3f2;border-radius:6px;padding:10px 12px;}' +
	'button{margin-top:16px;padding:10px 18px;border:0;border-radius:6px;background:#ff6d5a;color:#fff;font-size:15px;cursor:pointer;}' +
	'@media (max-width:480px){body{padding:8px;}.card{margin:16px auto;padding:16px 18px;}}';

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

function document(title: string, body: string): string {
	return (
		'<!doctype html><html lang="en"><head><meta charset="utf-8">' +
		'<meta name="viewport" content="width=device-width,initial-scale=1">' +
		`<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title>` +
		`<style>${STYLE}</style></head><body><div class="card">${body}</div></body></html>`
	);
}

const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

function problemText(problem: Problem): string {
	const advice = problem.description ? ` ${escapeHtml(sentence(problem.description))}` : '';
	return `<p class="problem" role="alert"><b>${escapeHtml(sentence(problem.message))}</b>${advice}</p>`;
}

/** The page that asks for the 2FA password (again, with the reason, after a wrong one). */
export function passwordPage(view: {
	token: string;
	passwordHint: string | null;
	problem?: Problem;
}): string {
	const hint = view.passwordHint ? `<p>Hint: <b>${escapeHtml(view.passwordHint)}</b></p>` : '';
	return document(
		'Two-step verification',
		'<h1>Two-step verification</h1>' +
			(view.problem ? problemText(view.problem) : '') +
			'<p>The account has a two-step verification (2FA) password. Type it to finish the login: ' +
			'this page checks it with Telegram itself, and n8n does not keep it.</p>' +
			hint +
			'<form method="post" autocomplete="off">' +
			`<input type="hidden" name="token" value="${escapeHtml(view.token)}">` +
			'<label for="password">Password</label>' +
			'<input type="password" id="password" name="password" autocomplete="current-password" required autofocus>' +
			'<button type="submit">Check</button></form>',
	);
}

/** The page for a token that is unknown, used up or expired. */
export function linkRanOutPage(): string {
	return document(
		'This login link ran out',
		'<h1>This login link ran out</h1>' +
			'<p>The password page of a login works for 15 minutes after the code or the scan, ' +
			'until the login finishes, in the n8n that started it. ' +
			'<b>Open the login form again</b> to start over.</p>',
	);
}
