// The secret scan itself: it must see secrets where they enter and find them where they leak.
import { randomBytes } from 'crypto';
import { LoggerProxy } from 'n8n-workflow';
import { StringSession } from 'telegram/sessions';

import { parseCredential } from '../../nodes/shared/transport/credential';
import { makeStringSession } from '../server/core';
import { recordedSecrets, recordSecret, scanItems, scanText, takeHits } from './secretScan';

const apiHash = 'fedcba9876543210fedcba9876543210';

describe('secret scan', () => {
	it('records the api_hash and session of every credential the package reads', () => {
		const key = randomBytes(256);
		const session = makeStringSession({ dcId: 2, host: '127.0.0.2', port: 10443, key });
		parseCredential({
			apiId: 1,
			apiHash,
			session,
			options: { server: 'custom', customHost: '127.0.0.2', customPort: 10443 },
		});
		LoggerProxy.info(`connected with ${apiHash}`);
		LoggerProxy.debug(`key ${key.toString('hex')}`);
		expect(takeHits()).toEqual([
			'an n8n log line (info) holds an api_hash (32 characters)',
			'an n8n log line (debug) holds a session (512 characters)',
		]);
	});

	it('records every auth key GramJS loads, in all its encodings', async () => {
		const key = randomBytes(256);
		const before = recordedSecrets();
		const session = new StringSession(
			makeStringSession({ dcId: 2, host: '127.0.0.2', port: 10443, key }),
		);
		await session.load();
		expect(recordedSecrets()).toBe(before + 1);
		scanText('a line', `…${key.toString('base64url')}…`);
		expect(takeHits()).toEqual(['a line holds an auth key (342 characters)']);
	});

	it('finds a short 2FA password standing alone, and lets a completed login carry its session', () => {
		recordSecret('pw1', 'a 2FA password');
		scanText('an error', 'wrong password "pw1"');
		recordSecret('1AAAsession-string-of-a-completed-login', 'a session');
		scanItems('the output', [
			[{ json: { status: 'completed', session: '1AAAsession-string-of-a-completed-login' } }],
		]);
		scanItems('the output', [
			[{ json: { status: 'pending', note: '1AAAsession-string-of-a-completed-login' } }],
		]);
		expect(takeHits()).toEqual([
			'an error holds a 2FA password (3 characters)',
			'the output holds a session (39 characters)',
		]);
	});
});
