// Every filter of the trigger, on synthetic events: what passes and what does not.
import {
	chatKindOf,
	deletionMatches,
	messageMatches,
	type PeerSets,
} from '../../nodes/TelegramAccountTrigger/filters';
import { compilePattern } from '../../nodes/TelegramAccountTrigger/settings';
import { deleted, message, photo, settings, SELF } from './events';

const none: PeerSets = { exclude: new Set() };
const pass = (m: ReturnType<typeof message>, s = settings(), p = none) =>
	messageMatches(m, s, p, SELF);

test('events: only the chosen kinds pass', () => {
	expect(pass(message({ id: 1, pts: 1 }))).toBe(true);
	expect(pass(message({ id: 1, pts: 1, kind: 'edited' }))).toBe(false);
	expect(pass(message({ id: 1, pts: 1, kind: 'edited' }), settings({ events: ['edited'] }))).toBe(
		true,
	);
	expect(deletionMatches(deleted([1], 2, '42'), settings(), none)).toBe(false);
	expect(deletionMatches(deleted([1], 2, '42'), settings({ events: ['deleted'] }), none)).toBe(
		true,
	);
});

test('chat types: private, groups (basic and super) and channels apart', () => {
	const privateMsg = message({ id: 1, pts: 1, chatId: '42' });
	const basic = message({ id: 2, pts: 2, chatId: '-55' });
	const superGroup = message({ id: 3, pts: 3, chatId: '-1009', megagroup: true });
	const channel = message({ id: 4, pts: 4, chatId: '-1008' });
	expect(
		[privateMsg, basic, superGroup, channel].map((m) =>
			chatKindOf(m.chatId, m.entities, m.message),
		),
	).toEqual(['private', 'group', 'group', 'channel']);
	const groupsOnly = settings({ chatTypes: ['group'] });
	expect([privateMsg, basic, superGroup, channel].map((m) => pass(m, groupsOnly))).toEqual([
		false,
		true,
		true,
		false,
	]);
	const noChannels = settings({ chatTypes: ['private', 'group'] });
	expect(pass(channel, noChannels)).toBe(false);
	expect(pass(privateMsg, noChannels)).toBe(true);
});

test('direction: incoming by default, outgoing or both on request', () => {
	const incoming = message({ id: 1, pts: 1 });
	const outgoing = message({ id: 2, pts: 2, out: true });
	expect([pass(incoming), pass(outgoing)]).toEqual([true, false]);
	const out = settings({ direction: 'outgoing' });
	expect([pass(incoming, out), pass(outgoing, out)]).toEqual([false, true]);
	const both = settings({ direction: 'both' });
	expect([pass(incoming, both), pass(outgoing, both)]).toEqual([true, true]);
});

test('only and exclude chat lists, and from users', () => {
	const a = message({ id: 1, pts: 1, chatId: '42' });
	const b = message({ id: 2, pts: 2, chatId: '-55', fromId: '77' });
	const only: PeerSets = { only: new Set(['42']), exclude: new Set() };
	expect([pass(a, settings(), only), pass(b, settings(), only)]).toEqual([true, false]);
	const exclude: PeerSets = { exclude: new Set(['42']) };
	expect([pass(a, settings(), exclude), pass(b, settings(), exclude)]).toEqual([false, true]);
	// The sender of a private incoming message is the chat itself.
	const from: PeerSets = { exclude: new Set(), from: new Set(['77']) };
	expect([pass(a, settings(), from), pass(b, settings(), from)]).toEqual([false, true]);
	const fromPrivate: PeerSets = { exclude: new Set(), from: new Set(['42']) };
	expect(pass(a, settings(), fromPrivate)).toBe(true);
});

test('text contains (any case) and a regular expression', () => {
	const m = message({ id: 1, pts: 1, text: 'Order #123 is READY' });
	expect(pass(m, settings({ textContains: 'ready' }))).toBe(true);
	expect(pass(m, settings({ textContains: 'shipped' }))).toBe(false);
	expect(pass(m, settings({ textPattern: compilePattern('^order #\\d+') }))).toBe(true);
	expect(pass(m, settings({ textPattern: compilePattern('/^order/') }))).toBe(false);
	expect(pass(m, settings({ textPattern: compilePattern('/^Order/g') }))).toBe(true);
	// A global pattern keeps lastIndex between tests: the second message must still match.
	const g = settings({ textPattern: compilePattern('/ready/gi') });
	expect([pass(m, g), pass(m, g)]).toEqual([true, true]);
});

test('an invalid pattern names the field', () => {
	expect(() => compilePattern('(unclosed')).toThrow(
		/Text Matches Regex: not a valid regular expression/,
	);
});

test('media: with, without, and kinds', () => {
	const plain = message({ id: 1, pts: 1 });
	const withPhoto = message({ id: 2, pts: 2, media: photo });
	expect([
		pass(plain, settings({ media: 'with' })),
		pass(withPhoto, settings({ media: 'with' })),
	]).toEqual([false, true]);
	expect(pass(withPhoto, settings({ media: 'without' }))).toBe(false);
	expect(pass(withPhoto, settings({ mediaKinds: ['photo'] }))).toBe(true);
	expect(pass(withPhoto, settings({ mediaKinds: ['video', 'voice'] }))).toBe(false);
	expect(pass(plain, settings({ mediaKinds: ['photo'] }))).toBe(false);
});

test('skip bots, forwarded and service messages', () => {
	const fromBot = message({ id: 1, pts: 1, chatId: '-55', fromId: '88', bot: true });
	expect([pass(fromBot), pass(fromBot, settings({ skipBots: true }))]).toEqual([true, false]);
	const privateBot = message({ id: 2, pts: 2, chatId: '99', bot: true });
	expect(pass(privateBot, settings({ skipBots: true }))).toBe(false);
	const forwarded = message({ id: 3, pts: 3, forwarded: true });
	expect([pass(forwarded), pass(forwarded, settings({ skipForwarded: true }))]).toEqual([
		true,
		false,
	]);
	const service = message({ id: 4, pts: 4, service: true });
	expect([pass(service), pass(service, settings({ skipService: false }))]).toEqual([false, true]);
});

test('a deletion in an unknown chat passes only when no chat filter could exclude it', () => {
	const s = settings({ events: ['deleted'] });
	expect(deletionMatches(deleted([5], 9), s, none)).toBe(true);
	expect(deletionMatches(deleted([5], 9), s, { only: new Set(['42']), exclude: new Set() })).toBe(
		false,
	);
	expect(
		deletionMatches(
			deleted([5], 9),
			settings({ events: ['deleted'], chatTypes: ['private'] }),
			none,
		),
	).toBe(false);
	expect(deletionMatches(deleted([5], 9, '-1007'), s, { exclude: new Set(['-1007']) })).toBe(false);
});
