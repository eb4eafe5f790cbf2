// Every shape of Updates Telegram pushes, turned into one form: pts steps per box, the seq window,
// and the users and chats that came with it. Short forms are expanded into full messages.
import type { Tl } from '../transport/serialize';
import type { UpdateFeed } from './feed';

/** A pts step of one box: 'common' (the account) or a bare channel id. */
export interface Change {
	box: string;
	pts: number;
	count: number;
	/** The update itself (UpdateNewMessage for a short form). */
	update: Tl;
	/** Bot-API-style ids the update refers to but did not carry (short forms). */
	needs: string[];
}

export interface Incoming {
	/** 'tooLong': updatesTooLong, the server wants the client to fetch the difference. */
	kind: 'updates' | 'tooLong';
	/** The seq window of updates / updatesCombined (absent when seq is 0). */
	seq?: { start: number; end: number };
	date?: number;
	changes: Change[];
	/** Updates without a pts step (channel hints, qts updates, statuses). */
	others: Tl[];
	users: Tl[];
	chats: Tl[];
	/** A short form that cannot be expanded (updateShortSentMessage pushed): fetch the difference. */
	opaque: boolean;
}

export type MessageFactory = Pick<UpdateFeed, 'makeMessage' | 'makePeer'>;

const str = (v: unknown): string => String(v);

/** The bare channel id a channel update belongs to, or undefined for the account's box. */
export function channelOf(update: Tl): string | undefined {
	if (update.channelId !== undefined && update.channelId !== null) return str(update.channelId);
	const message = update.message as Tl | undefined;
	const peer =
		message && typeof message === 'object' ? (message.peerId as Tl | undefined) : undefined;
	return peer?.className === 'PeerChannel' ? str(peer.channelId) : undefined;
}

/** A pts step when the update has one (pts + pts_count), else undefined. */
export function changeOf(update: Tl, needs: string[] = []): Change | undefined {
	if (typeof update.pts !== 'number' || typeof update.ptsCount !== 'number') return undefined;
	return {
		box: channelOf(update) ?? 'common',
		pts: update.pts,
		count: update.ptsCount,
		update,
		needs,
	};
}

function split(updates: Tl[], into: Incoming): void {
	for (const update of updates) {
		const change = changeOf(update);
		if (change) into.changes.push(change);
		else into.others.push(update);
	}
}

const SHORT_FIELDS = [
	'out',
	'mentioned',
	'mediaUnread',
	'silent',
	'id',
	'date',
	'fwdFrom',
	'viaBotId',
	'replyTo',
	'entities',
	'ttlPeriod',
] as const;

/** updateShortMessage / updateShortChatMessage → updateNewMessage with a full Message. */
function expandShort(raw: Tl, selfId: string, make: MessageFactory): Change {
	const fields: Record<string, unknown> = { message: raw.message };
	for (const key of SHORT_FIELDS) if (raw[key] !== undefined) fields[key] = raw[key];
	let needs: string[];
	if (raw.className === 'UpdateShortMessage') {
		const other = str(raw.userId);
		fields.peerId = make.makePeer('user', other);
		fields.fromId = make.makePeer('user', raw.out ? selfId : other);
		needs = [other];
	} else {
		const from = str(raw.fromId);
		fields.peerId = make.makePeer('chat', str(raw.chatId));
		fields.fromId = make.makePeer('user', from);
		needs = [from, `-${str(raw.chatId)}`];
	}
	const update = {
		className: 'UpdateNewMessage',
		message: make.makeMessage(fields),
		pts: raw.pts,
		ptsCount: raw.ptsCount,
	} as unknown as Tl;
	return { box: 'common', pts: raw.pts as number, count: raw.ptsCount as number, update, needs };
}

export function normalize(raw: Tl, selfId: string, make: MessageFactory): Incoming {
	const into: Incoming = {
		kind: 'updates',
		changes: [],
		others: [],
		users: [],
		chats: [],
		opaque: false,
	};
	switch (raw.className) {
		case 'UpdatesTooLong':
			into.kind = 'tooLong';
			break;
		case 'UpdateShortMessage':
		case 'UpdateShortChatMessage':
			into.date = raw.date as number;
			into.changes.push(expandShort(raw, selfId, make));
			break;
		case 'UpdateShortSentMessage':
			// Its peer is only known to the request that sent it; the difference has the message.
			into.date = raw.date as number;
			into.opaque = true;
			break;
		case 'UpdateShort':
			into.date = raw.date as number;
			split([raw.update as Tl], into);
			break;
		case 'Updates':
		case 'UpdatesCombined': {
			into.date = raw.date as number;
			const seq = raw.seq as number;
			if (seq) {
				const start = raw.className === 'UpdatesCombined' ? (raw.seqStart as number) : seq;
				into.seq = { start, end: seq };
			}
			into.users = (raw.users as Tl[]) ?? [];
			into.chats = (raw.chats as Tl[]) ?? [];
			split((raw.updates as Tl[]) ?? [], into);
			break;
		}
		default: {
			// A bare Update (GramJS passes some on as is): handle it like updateShort.
			split([raw], into);
		}
	}
	return into;
}
