import { InputError } from './errors';

/** Every way a user may name a chat or user, parsed without talking to Telegram. */
export type PeerReference =
	| { kind: 'self' }
	| { kind: 'username'; username: string; messageId?: number }
	| { kind: 'phone'; phone: string }
	| { kind: 'user'; id: string }
	| { kind: 'chat'; id: string }
	| { kind: 'channel'; id: string; messageId?: number }
	| { kind: 'invite'; hash: string };

const HOW =
	'Use "me", @username, a t.me link, +phone, or a numeric ID as the Telegram Bot API writes it (-100… for channels and supergroups, -… for basic groups).';

const USERNAME = /^[a-zA-Z][a-zA-Z0-9_]{2,31}$/;

function invalid(input: string): InputError {
	return new InputError(`"${input}" is not a chat, user or link this node understands`, HOW);
}

function fromLink(path: string, input: string): PeerReference {
	const [first, second, third] = path.split(/[/?#]/);
	if (first === 'c' && /^\d+$/.test(second ?? '')) {
		const messageId = /^\d+$/.test(third ?? '') ? Number(third) : undefined;
		return { kind: 'channel', id: String(BigInt(second)), messageId };
	}
	if (first === 'joinchat' && second) return { kind: 'invite', hash: second };
	if (first.startsWith('+') && first.length > 1) {
		return /^\+\d{5,15}$/.test(first)
			? { kind: 'phone', phone: first.slice(1) }
			: { kind: 'invite', hash: first.slice(1) };
	}
	if (first === 's' && second && USERNAME.test(second))
		return { kind: 'username', username: second };
	if (USERNAME.test(first)) {
		const messageId = /^\d+$/.test(second ?? '') ? Number(second) : undefined;
		return { kind: 'username', username: first, messageId };
	}
	throw invalid(input);
}

/**
 * Reads "me" / "self", @username, t.me/username[/msg], t.me/c/<id>/<msg>, t.me/+invite,
 * tg://resolve?domain=…, +phone, and Bot-API-style numeric ids.
 */
export function parsePeerReference(value: string | number | bigint): PeerReference {
	const input = String(value).trim();
	if (input === '') throw new InputError('No chat or user was given', HOW);
	const lower = input.toLowerCase();
	if (lower === 'me' || lower === 'self') return { kind: 'self' };
	if (/^-?\d+$/.test(input)) return fromNumericId(input);
	if (/^\+[\d\s()-]{5,}$/.test(input)) {
		const phone = input.replace(/\D/g, '');
		if (phone.length < 5 || phone.length > 15) throw invalid(input);
		return { kind: 'phone', phone };
	}
	const tg = /^tg:\/\/resolve\?(?:.*&)?domain=([a-zA-Z0-9_]+)/i.exec(input);
	if (tg && USERNAME.test(tg[1])) return { kind: 'username', username: tg[1] };
	const link = /^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\/(.+)$/i.exec(
		input,
	);
	if (link) return fromLink(link[1], input);
	const username = input.startsWith('@') ? input.slice(1) : input;
	if (USERNAME.test(username)) return { kind: 'username', username };
	throw invalid(input);
}

/**
 * Bot API ids: users positive, basic groups negative, channels "-100" + id. GramJS marks
 * channels the same way (textually), so these ids match GramJS's own peer ids.
 */
export function fromNumericId(input: string): PeerReference {
	const n = BigInt(input);
	if (n === BigInt(0)) throw invalid(input);
	if (n > BigInt(0)) return { kind: 'user', id: n.toString() };
	const channel = /^-100([1-9]\d*)$/.exec(n.toString());
	if (channel) return { kind: 'channel', id: channel[1] };
	return { kind: 'chat', id: (-n).toString() };
}

/** The Bot-API-style id of a peer reference with an id (what chatId fields hold). */
export function markedId(kind: 'user' | 'chat' | 'channel', id: { toString(): string }): string {
	const plain = id.toString();
	if (kind === 'user') return plain;
	return kind === 'chat' ? `-${plain}` : `-100${plain}`;
}

/** A stable cache key for one peer reference (usernames are case-insensitive). */
export function peerCacheKey(ref: PeerReference): string {
	switch (ref.kind) {
		case 'self':
			return 'self';
		case 'username':
			return `@${ref.username.toLowerCase()}`;
		case 'phone':
			return `+${ref.phone}`;
		case 'invite':
			return `invite:${ref.hash}`;
		default:
			return `id:${markedId(ref.kind, ref.id)}`;
	}
}
