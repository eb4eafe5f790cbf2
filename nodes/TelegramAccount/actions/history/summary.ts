// The run summary: one item after the messages, so a workflow can log each run.
import type { IDataObject } from 'n8n-workflow';

export type StopReason = 'limit' | 'floodWait' | 'error' | null;

export interface ChatSummary {
	/** The chat as the user named it. */
	chat: string;
	chatId: string | null;
	messages: number;
	/** Lowest and highest message id returned. */
	firstId: number | null;
	lastId: number | null;
	/** True when the chat was not collected to the end (see stoppedBy). */
	partial: boolean;
	stoppedBy: StopReason;
	/** Incremental mode: the position saved for the next run. */
	savedPosition: number | null;
	requests: number;
	error?: string;
}

export function emptyChatSummary(chat: string): ChatSummary {
	return {
		chat,
		chatId: null,
		messages: 0,
		firstId: null,
		lastId: null,
		partial: false,
		stoppedBy: null,
		savedPosition: null,
		requests: 0,
	};
}

export function runSummary(
	chats: ChatSummary[],
	startedAt: number,
	floodWaitedMs: number,
): IDataObject {
	const ids = chats.flatMap((c) => [c.firstId, c.lastId]).filter((id): id is number => id !== null);
	return {
		isSummary: true,
		chats: chats.length,
		messages: chats.reduce((sum, c) => sum + c.messages, 0),
		firstId: ids.length ? Math.min(...ids) : null,
		lastId: ids.length ? Math.max(...ids) : null,
		durationMs: Date.now() - startedAt,
		floodWaitSeconds: Math.round(floodWaitedMs / 1000),
		partial: chats.some((c) => c.partial),
		failedChats: chats.filter((c) => c.error !== undefined).length,
		perChat: chats as unknown as IDataObject[],
	};
}
