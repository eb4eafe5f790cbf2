import { InputError } from '../../../../nodes/shared/transport/errors';
import {
	markedId,
	parsePeerReference,
	peerCacheKey,
} from '../../../../nodes/shared/transport/peerReference';

describe('parsePeerReference', () => {
	it.each([
		['me', { kind: 'self' }],
		['Self', { kind: 'self' }],
		['@durov', { kind: 'username', username: 'durov' }],
		['durov', { kind: 'username', username: 'durov' }],
		['t.me/durov', { kind: 'username', username: 'durov' }],
		['https://t.me/durov', { kind: 'username', username: 'durov' }],
		['https://telegram.me/durov/', { kind: 'username', username: 'durov' }],
		['https://t.me/telegram/123', { kind: 'username', username: 'telegram', messageId: 123 }],
		['https://t.me/s/telegram', { kind: 'username', username: 'telegram' }],
		['tg://resolve?domain=durov', { kind: 'username', username: 'durov' }],
		['https://t.me/c/1234567890/55', { kind: 'channel', id: '1234567890', messageId: 55 }],
		['t.me/c/777', { kind: 'channel', id: '777' }],
		['https://t.me/+AbCdEfGh12', { kind: 'invite', hash: 'AbCdEfGh12' }],
		['https://t.me/joinchat/AbCdEf', { kind: 'invite', hash: 'AbCdEf' }],
		['https://t.me/+14155550123', { kind: 'phone', phone: '14155550123' }],
		['+1 (415) 555-0123', { kind: 'phone', phone: '14155550123' }],
		['123456789', { kind: 'user', id: '123456789' }],
		['-100123456789', { kind: 'channel', id: '123456789' }],
		['-1001', { kind: 'channel', id: '1' }],
		['-123', { kind: 'chat', id: '123' }],
		// GramJS's rule: "-100" followed by a zero is not a channel mark.
		['-1000123', { kind: 'chat', id: '1000123' }],
	])('%s', (input, expected) => {
		expect(parsePeerReference(input)).toEqual(expected);
	});

	it('takes numbers and bigints', () => {
		expect(parsePeerReference(42)).toEqual({ kind: 'user', id: '42' });
		expect(parsePeerReference(BigInt('-1009999999999'))).toEqual({
			kind: 'channel',
			id: '9999999999',
		});
	});

	it.each(['', '  ', '0', '@a', 'not a peer!', 'https://example.com/durov', 't.me/'])(
		'rejects %p with advice',
		(input) => {
			expect(() => parsePeerReference(input)).toThrow(InputError);
			expect(() => parsePeerReference(input)).toThrow(/.+/);
		},
	);

	it('gives one cache key per peer, whatever the spelling', () => {
		const key = (v: string) => peerCacheKey(parsePeerReference(v));
		expect(key('@Durov')).toBe(key('https://t.me/durov/5'));
		expect(key('-100777')).toBe(key('t.me/c/777/1'));
		expect(key('-100777')).not.toBe(key('-777'));
		expect(key('me')).toBe(key('self'));
	});

	it('writes Bot-API-style ids', () => {
		expect(markedId('user', '5')).toBe('5');
		expect(markedId('chat', '5')).toBe('-5');
		expect(markedId('channel', '1234567890')).toBe('-1001234567890');
	});
});
