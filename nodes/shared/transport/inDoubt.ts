// A send whose answer never came may or may not have been carried out by Telegram. Sending it
// again with a new random_id risks a second copy; not sending risks none at all. Decision 0013:
// repeat it under the same random_id (Telegram de-duplicates by it), else look for it in the chat;
// a retry of the execution (any worker) looks in the chat before it sends.
import { createHash, randomBytes } from 'node:crypto';

import { cancellableSleep } from './cancel';
import { Api, toLong, type TelegramAccountClient } from './client';
import { telegramErrorText, TransportError } from './errors';
import { newestMessages } from './messages';

/** How far back a retry looks in the chat, and how long this process remembers a doubt. */
export const DOUBT_WINDOW_S = 3600;
/** The newest messages of the chat that are searched (ours come first right after a send). */
const HISTORY_LIMIT = 10;
/** Our own messages with the text's words that a search returns, and how much of it is asked. */
const SEARCH_LIMIT = 50;
const SEARCH_CHARS = 100;
/** Telegram's clock against ours, for "sent since the attempt started". */
const CLOCK_SLACK_S = 5;
/** Looks in the chat after a repeat went unanswered, spaced out: a late send may still land. */
const CHAT_CHECKS = 2;
const MAX_DOUBTS = 1000;
const MAX_CLAIMING_RUNS = 200;

type Long = ReturnType<typeof toLong>;

export interface CheckedSend {
	peer: Api.TypeInputPeer;
	/** Bot-API-style chat id: part of the doubt's key. */
	chatId: string;
	/** The text (or caption) as sent, without formatting. */
	text: string;
	hasMedia: boolean;
	randomId: Long;
	build(randomId: Long): Api.AnyRequest;
	/** A retry of a failed execution (n8n mode 'retry'): the chat is checked before sending. */
	retry: boolean;
	/** Each message found in the chat answers one send of an execution, not all its items. */
	executionId?: string;
}

/** How a send ended: answered (perhaps by its repeat), or found in the chat and not sent again. */
export type SendOutcome =
	| { kind: 'sent'; result: unknown; recovered?: 'sameRandomId' }
	| { kind: 'found'; result: { messages: unknown[]; users: unknown[]; chats: unknown[] } };

/**
 * The random_id of a send: derived from the execution, node, run, item and part when n8n names
 * the execution, so any repeat of that very send (a node's Retry On Fail, the repeat after a
 * deadline) is the same send to Telegram; random otherwise.
 */
export function stableRandomId(seed: string | undefined, ...parts: string[]): Long {
	const bytes = seed
		? createHash('sha256')
				.update([seed, ...parts].join('\u0000'))
				.digest()
		: randomBytes(8);
	const value = bytes.readBigInt64LE(0);
	return toLong((value === 0n ? 1n : value).toString());
}

const doubts = new Map<string, { at: number; randomId: string }>();
const claims = new Map<string, Set<number>>();

const nowS = () => Math.floor(Date.now() / 1000);

async function doubtKey(client: TelegramAccountClient, send: CheckedSend): Promise<string> {
	const text = createHash('sha256').update(send.text.trim()).digest('hex');
	return [await client.accountId(), send.chatId, send.hasMedia ? 'media' : 'text', text].join('|');
}

function heldDoubt(key: string): { at: number; randomId: string } | undefined {
	const doubt = doubts.get(key);
	if (doubt && doubt.at < nowS() - DOUBT_WINDOW_S) doubts.delete(key);
	return doubts.get(key);
}

function remember(key: string, randomId: Long): void {
	doubts.delete(key);
	doubts.set(key, { at: nowS(), randomId: randomId.toString() });
	if (doubts.size > MAX_DOUBTS) doubts.delete(doubts.keys().next().value as string);
}

function claimed(executionId: string | undefined): Set<number> {
	if (!executionId) return new Set();
	let set = claims.get(executionId);
	if (!set) {
		claims.set(executionId, (set = new Set()));
		if (claims.size > MAX_CLAIMING_RUNS) claims.delete(claims.keys().next().value as string);
	}
	return set;
}

/** A failure after which the request may have reached Telegram and been carried out. */
function inDoubt(error: unknown): boolean {
	return error instanceof TransportError && (error.kind === 'timeout' || error.kind === 'closed');
}

interface HistoryMessage {
	className: string;
	id: number;
	out?: boolean;
	date: number;
	message?: string;
	media?: { className: string } | null;
}

type Found = { messages?: HistoryMessage[]; users?: unknown[]; chats?: unknown[] };

/** Words of the text for messages.search (Telegram matches words; the text is compared after). */
function searchQuery(text: string): string {
	const cut = text.trim().slice(0, SEARCH_CHARS);
	return cut.length < text.trim().length ? cut.replace(/\s+\S*$/, '') : cut;
}

/**
 * Our own message with this text sent at or after `sinceS`: among the chat's newest messages, or
 * else through a search of the chat for our own messages (a busy chat buries it quickly).
 */
async function findInChat(
	client: TelegramAccountClient,
	send: CheckedSend,
	sinceS: number,
): Promise<SendOutcome | undefined> {
	const taken = claimed(send.executionId);
	const text = send.text.trim();
	// A link preview is media on a text message.
	const hasMedia = (m: HistoryMessage) =>
		Boolean(m.media) && m.media?.className !== 'MessageMediaWebPage';
	const pick = (answer: Found) =>
		// Oldest first: the items of one execution take the copies in the order they were sent.
		[...(answer.messages ?? [])]
			.reverse()
			.find(
				(m) =>
					m.className === 'Message' &&
					m.out === true &&
					m.date >= sinceS &&
					(m.message ?? '').trim() === text &&
					hasMedia(m) === send.hasMedia &&
					!taken.has(m.id),
			);
	const newest = (await newestMessages(client, send.peer, HISTORY_LIMIT)) as unknown as Found;
	let answer = newest;
	let match = pick(newest);
	if (!match) {
		answer = (await client.invoke(
			new Api.messages.Search({
				peer: send.peer,
				q: searchQuery(text),
				fromId: new Api.InputPeerSelf(),
				filter: new Api.InputMessagesFilterEmpty(),
				minDate: sinceS,
				maxDate: 0,
				offsetId: 0,
				addOffset: 0,
				limit: SEARCH_LIMIT,
				maxId: 0,
				minId: 0,
				hash: toLong(0),
			}),
		)) as unknown as Found;
		match = pick(answer);
	}
	if (!match) return undefined;
	taken.add(match.id);
	return {
		kind: 'found',
		result: { messages: [match], users: answer.users ?? [], chats: answer.chats ?? [] },
	};
}

const quietly = async <T>(work: Promise<T>): Promise<T | undefined> =>
	await work.catch(() => undefined);

/**
 * Sends once, whatever the network does: see the file's head. Throws a `timeout` error naming
 * the doubt when neither the repeat nor the chat settles it.
 */
export async function sendChecked(
	client: TelegramAccountClient,
	send: CheckedSend,
): Promise<SendOutcome> {
	// Nothing in doubt in this process (the usual case): no key, no extra request.
	let key = doubts.size ? await doubtKey(client, send) : undefined;
	const doubt = key ? heldDoubt(key) : undefined;
	if (send.retry || doubt) {
		const found = await quietly(findInChat(client, send, nowS() - DOUBT_WINDOW_S));
		if (found) {
			if (key) doubts.delete(key);
			return found;
		}
	}
	// A doubt of this process is sent under its own random_id: if it landed after all, Telegram
	// answers the message it has instead of sending a second one.
	const randomId = doubt ? toLong(doubt.randomId) : send.randomId;
	const started = nowS();
	try {
		const result = await client.invoke(send.build(randomId));
		if (key) doubts.delete(key);
		return { kind: 'sent', result };
	} catch (error) {
		if (!inDoubt(error)) return await Promise.reject(error);
	}
	let repeatError: unknown;
	try {
		const result = await client.invoke(send.build(randomId));
		if (key) doubts.delete(key);
		return { kind: 'sent', result, recovered: 'sameRandomId' };
	} catch (error) {
		repeatError = error;
	}
	for (let check = 1; check <= CHAT_CHECKS; check++) {
		const found = await quietly(findInChat(client, send, started - CLOCK_SLACK_S));
		if (found) {
			if (key) doubts.delete(key);
			return found;
		}
		if (check < CHAT_CHECKS) await cancellableSleep(client.credential.requestTimeoutMs / 2);
	}
	key ??= await quietly(doubtKey(client, send));
	if (key) remember(key, randomId);
	const text = telegramErrorText(repeatError);
	// Telegram refused the repeat for a reason of its own (a flood wait…): that is the error to show.
	if (text !== undefined && text !== 'RANDOM_ID_DUPLICATE')
		return await Promise.reject(repeatError);
	const seconds = client.credential.requestTimeoutMs / 1000;
	throw new TransportError(
		'timeout',
		`${send.build(randomId).className} got no answer within ${seconds}s, nor did its repeat, ` +
			'and the chat does not show the message: it may still arrive. A retry of this ' +
			'execution looks in the chat first and does not send it twice',
	);
}

/** Forgets every doubt and claim (tests: a fresh process, as another worker would be). */
export function forgetSendDoubts(): void {
	doubts.clear();
	claims.clear();
}
