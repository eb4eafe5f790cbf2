// Where incremental collection stopped, per chat, in the node's workflow static data: n8n saves
// it with the workflow after each production run, so the next run starts above it.
import type { IDataObject } from 'n8n-workflow';

export interface ChatState {
	/** Every message of the chat up to this id was returned by an earlier run. */
	lastId: number;
	updatedAt: string;
}

const KEY = 'collectedUpTo';

function table(staticData: IDataObject): Record<string, ChatState> {
	const current = staticData[KEY];
	if (current && typeof current === 'object' && !Array.isArray(current)) {
		return current as unknown as Record<string, ChatState>;
	}
	return {};
}

/** The chat's saved position; the key is the Bot-API-style chat id (the same chat, however named). */
export function readChatState(staticData: IDataObject, chatId: string): ChatState | undefined {
	const entry = table(staticData)[chatId];
	return entry && Number.isInteger(entry.lastId) ? entry : undefined;
}

/** Saves a new position; never moves it back (a run that found nothing new keeps the old one). */
export function writeChatState(staticData: IDataObject, chatId: string, lastId: number): void {
	const states = table(staticData);
	const previous = states[chatId]?.lastId ?? 0;
	if (lastId <= previous) return;
	// Assigned anew, never mutated in place: n8n notices a change of static data only through
	// a set on an object it wrapped, and a table added by an earlier run may not be one.
	const entry: ChatState = { lastId, updatedAt: new Date().toISOString() };
	staticData[KEY] = { ...states, [chatId]: entry } as unknown as IDataObject;
}
