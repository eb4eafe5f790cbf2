// The account's dialogs with the filters of Chat → Get Many and the search of the chat field's
// "From List" mode, serialized for n8n.
import type { IDataObject } from 'n8n-workflow';

import { Api, type TelegramAccountClient } from './client';
import { dialogPages } from './dialogs';
import {
	asTl,
	chatIdOf,
	chatTypeOf,
	indexEntities,
	serializeChat,
	serializeMessage,
	type Tl,
} from './serialize';

export const DIALOG_TYPES = ['private', 'group', 'channel'] as const;

export interface DialogFilter {
	archived: boolean;
	/** private / group (basic and super) / channel; empty = all. */
	types: Array<(typeof DIALOG_TYPES)[number]>;
	unreadOnly: boolean;
	/** Case-insensitive text in the title, name or username. */
	search?: string;
}

/** Pages read at most (10,000 dialogs): a bound on an account with a huge list. */
const MAX_PAGES = 100;

function kindOf(entity: Tl): 'private' | 'group' | 'channel' {
	const type = chatTypeOf(entity);
	return type === 'private' ? 'private' : type === 'channel' ? 'channel' : 'group';
}

function matches(entity: Tl, dialog: Api.Dialog, chat: IDataObject, f: DialogFilter): boolean {
	if (f.types.length && !f.types.includes(kindOf(entity))) return false;
	if (f.unreadOnly && dialog.unreadCount === 0 && !dialog.unreadMark) return false;
	if (!f.search) return true;
	const haystack = [chat.title, chat.name, chat.username, chat.chatId]
		.filter(Boolean)
		.join(' ')
		.toLowerCase();
	return haystack.includes(f.search.toLowerCase());
}

export async function listDialogs(
	client: TelegramAccountClient,
	f: DialogFilter,
	limit: number,
): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	for await (const page of dialogPages(client, { archived: f.archived, maxPages: MAX_PAGES })) {
		const entities = indexEntities(page.users as unknown as Tl[], page.chats as unknown as Tl[]);
		const messages = new Map(page.messages.map((m) => [`${chatIdOf(asTl(m.peerId))}:${m.id}`, m]));
		for (const dialog of page.dialogs) {
			if (!(dialog instanceof Api.Dialog) || out.length >= limit) continue;
			const chatId = chatIdOf(asTl(dialog.peer));
			const entity = chatId ? entities.get(chatId) : undefined;
			if (!entity) continue;
			const chat = serializeChat(entity);
			if (!matches(entity, dialog, chat, f)) continue;
			const top = messages.get(`${chatId}:${dialog.topMessage}`);
			out.push({
				...chat,
				unreadCount: dialog.unreadCount,
				isPinned: Boolean(dialog.pinned),
				isArchived: dialog.folderId === 1,
				lastMessage: top ? serializeMessage(asTl(top), { entities }) : null,
			});
		}
		if (out.length >= limit) break;
	}
	return out;
}
