import { randomBytes } from 'crypto';

import { redact, redactingSink, secretForms } from '../../../../nodes/shared/transport/logger';
import { makeStringSession } from '../../../server/core';

const key = randomBytes(256);
const session = makeStringSession({ dcId: 2, host: '127.0.0.2', port: 10443, key });
const apiHash = '0123456789abcdef0123456789abcdef';

describe('redact', () => {
	it.each([
		['the session as is', session],
		['the session without its padding', session.replace(/=+$/, '')],
		['the session base64url', Buffer.from(session.slice(1), 'base64').toString('base64url')],
		['the session bytes in hex', Buffer.from(session.slice(1), 'base64').toString('hex')],
		['the auth key base64', key.toString('base64')],
		['the auth key base64url', key.toString('base64url')],
		['the auth key hex', key.toString('hex')],
		['the auth key HEX', key.toString('hex').toUpperCase()],
		['the api_hash', apiHash],
		['the api_hash base64', Buffer.from(apiHash).toString('base64')],
	])('cuts %s out of a line', (_what, form) => {
		const line = `connecting with ${form} now`;
		const out = redact(line, [apiHash, session]);
		expect(out).toBe('connecting with [redacted] now');
	});

	it('cuts a password of any length where it stands alone', () => {
		expect(redact('password "ab" was wrong', ['ab'])).toBe('password "[redacted]" was wrong');
		expect(redact('pw=x;', ['x'])).toBe('pw=[redacted];');
		// …but does not shred every word that happens to contain it.
		expect(redact('about a table', ['ab'])).toBe('about a table');
	});

	it('leaves a line without secrets as it is', () => {
		expect(redact('Connecting to 127.0.0.2:10443/TCPFull...', [apiHash, session])).toBe(
			'Connecting to 127.0.0.2:10443/TCPFull...',
		);
	});

	it('knows the forms of a session and of its auth key', () => {
		const forms = secretForms(session);
		expect(forms).toEqual(expect.arrayContaining([key.toString('hex'), key.toString('base64url')]));
	});
});

describe('redactingSink', () => {
	it('cuts secrets from every level and from string meta, and passes the rest on', () => {
		const lines: Array<[string, string, Record<string, unknown> | undefined]> = [];
		const sink = redactingSink(
			{
				debug: (m, meta) => lines.push(['debug', m, meta]),
				info: (m, meta) => lines.push(['info', m, meta]),
				warn: (m, meta) => lines.push(['warn', m, meta]),
				error: (m, meta) => lines.push(['error', m, meta]),
			},
			[apiHash, session],
		);
		sink.debug(`d ${session}`);
		sink.info(`i ${key.toString('hex')}`);
		sink.warn('w', { error: `failed with ${apiHash}`, count: 3 });
		sink.error(`e ${session.replace(/=+$/, '')}`);
		expect(lines).toEqual([
			['debug', 'd [redacted]', undefined],
			['info', 'i [redacted]', undefined],
			['warn', 'w', { error: 'failed with [redacted]', count: 3 }],
			['error', 'e [redacted]', undefined],
		]);
	});
});
