// The secret scan over the whole suite: the secrets in play (session strings, auth keys in every
// encoding, api_hashes, 2FA passwords) are recorded where they enter, and every log line, node
// output and error message is checked for them. A hit fails the test that caused it.
import { aloneRegExp, secretForms, SHORT_SECRET } from '../../nodes/shared/transport/logger';

interface Form {
	text: string;
	what: string;
	alone?: RegExp;
}

const recorded = new Set<string>();
const forms = new Map<string, Form>();
const hits: string[] = [];

function addForm(text: string, what: string): void {
	if (!text || forms.has(text)) return;
	forms.set(text, {
		text,
		what,
		alone: text.length < SHORT_SECRET ? aloneRegExp(text) : undefined,
	});
}

/** A secret in play (a session string, an api_hash, a password): all its text forms are looked for. */
export function recordSecret(value: unknown, what: string): void {
	if (typeof value !== 'string' || value === '' || recorded.has(value)) return;
	recorded.add(value);
	for (const form of secretForms(value)) addForm(form, what);
}

/** Raw auth key bytes (GramJS's AuthKey.setKey): their base64, base64url and hex forms. */
export function recordKeyBytes(bytes: Buffer): void {
	const key = Buffer.from(bytes);
	const id = `key:${key.toString('hex')}`;
	if (recorded.has(id)) return;
	recorded.add(id);
	for (const text of [
		key.toString('base64'),
		key.toString('base64url'),
		key.toString('hex'),
		key.toString('hex').toUpperCase(),
	]) {
		addForm(text, 'an auth key');
	}
}

/** Checks a text (a log line, an error message) for every secret recorded so far. */
export function scanText(where: string, text: string): void {
	if (!text || forms.size === 0) return;
	for (const form of forms.values()) {
		const found = form.alone
			? ((form.alone.lastIndex = 0), form.alone.test(text))
			: text.includes(form.text);
		if (found) hits.push(`${where} holds ${form.what} (${form.text.length} characters)`);
	}
}

/** Checks any value: JSON of node output, an error with its message and description. */
export function scanValue(where: string, value: unknown): void {
	if (value instanceof Error) {
		const { description } = value as { description?: unknown };
		scanText(where, `${value.message} ${typeof description === 'string' ? description : ''}`);
		return;
	}
	let text: string;
	try {
		text = JSON.stringify(value) ?? '';
	} catch {
		text = String(value);
	}
	scanText(where, text);
}

/** Node output items: the Login node's completed `session` is the one place a session belongs. */
export function scanItems(where: string, items: unknown): void {
	if (!Array.isArray(items)) return scanValue(where, items);
	for (const output of items) {
		for (const item of Array.isArray(output) ? output : [output]) {
			const json = (item as { json?: Record<string, unknown> })?.json;
			if (json?.status === 'completed' && typeof json.session === 'string') {
				const { session: _allowed, ...rest } = json;
				scanValue(where, { ...(item as object), json: rest });
			} else {
				scanValue(where, item);
			}
		}
	}
}

/** The hits since the last call (the setup file fails the test with them). */
export function takeHits(): string[] {
	return hits.splice(0);
}

/** How many secrets are recorded (tests of the scan itself). */
export function recordedSecrets(): number {
	return recorded.size;
}
