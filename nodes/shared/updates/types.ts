// The contract between the update engine (nodes/shared/updates/) and its consumers (the Telegram
// Account Trigger). The engine knows Telegram's update rules; a consumer sees plain events in order.
import type { Tl } from '../transport/serialize';

/**
 * Where an account stands in Telegram's update sequence ("Working with updates"): one common box
 * (pts, qts, seq, date) and one pts per channel the account follows. Plain JSON, so it can be kept
 * in a workflow's static data as is.
 */
export interface UpdateState {
	pts: number;
	qts: number;
	seq: number;
	date: number;
	/** Channel id (bare, as Telegram sends it, decimal string) → pts of that channel's box. */
	channels: Record<string, number>;
	/**
	 * Highest new-message id handed out per box ('common' or a bare channel id): a catch-up past
	 * differenceTooLong tells the history it refetches from what was handed out before. Optional:
	 * without it the engine falls back to `date`, which may repeat messages of that same second.
	 */
	maxIds?: Record<string, number>;
}

export type UpdateEventKind = 'new' | 'edited' | 'deleted';

/** The box an event belongs to: 'common' or the bare channel id, and its pts after the event. */
export interface EventPosition {
	box: 'common' | string;
	pts: number;
}

interface EventBase {
	kind: UpdateEventKind;
	/** Bot-API-style chat id (user id, -chat id, -100channel id), as Send Text takes it. */
	chatId: string;
	position: EventPosition;
	/** True for events recovered by getDifference / history after a gap or downtime. */
	catchUp: boolean;
}

export interface MessageEvent extends EventBase {
	kind: 'new' | 'edited';
	/** The GramJS Message / MessageService object, complete: short forms are expanded. */
	message: Tl;
	/** Users and chats the message refers to (sender, chat, forward source), by Bot-API-style id. */
	entities: Map<string, Tl>;
}

export interface DeletedEvent extends EventBase {
	kind: 'deleted';
	/**
	 * For private chats and basic groups Telegram does not say which chat a deletion was in:
	 * chatId is then '' unless the engine saw the message and remembers its chat.
	 */
	messageIds: number[];
}

export type UpdateEvent = MessageEvent | DeletedEvent;

export interface UpdateListener {
	/** Events in the order Telegram applied them; called synchronously, one batch at a time. */
	onEvents(events: UpdateEvent[]): void;
	/**
	 * The engine cannot go on: session revoked, AUTH_KEY_DUPLICATED, account deactivated, or
	 * reconnects exhausted. The subscription is closed when this is called.
	 */
	onFatal(error: Error): void;
}

export interface SubscribeOptions {
	/**
	 * The consumer's saved position: the engine first replays what happened since (difference,
	 * channel differences, or recent history past differenceTooLong), then goes live. Undefined:
	 * start live from now.
	 */
	from?: UpdateState;
	/** Catch-up older than this unix time (seconds) is not replayed. */
	notBefore?: number;
	/** Aborts a catch-up in progress (the trigger was deactivated meanwhile). */
	signal?: AbortSignal;
}

export interface UpdateSubscription {
	/** The position after the last event handed to this subscriber (save it with every emit). */
	state(): UpdateState;
	/** Removes the listener; releases the shared engine and client when it was the last one. */
	close(): Promise<void>;
}
