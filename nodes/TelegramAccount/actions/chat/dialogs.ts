// The account's dialog list, page by page (messages.getDialogs), with the filters of Chat → Get
// Many and the search of the chat field's "From List" mode.
import type { IDataObject } from 'n8n-workflow';

import {
	Api,
	inputPeerOf,
	toLong,
	type TelegramAccountClient,
} from '../../../shared/transport/client';
import {
	chatIdOf,
	chatTypeOf,
	indexEntities,
	serializeChat,
	serializeMessage,
	type Tl,
} from '../../../shared/transport/serialize';

export interface DialogFilter {
	archived: boolean;
	/** private / group (basic and super) / channel; empty = all. */
	types: Array<'private' | 'group' | 'channel'>;
	unreadOnly: boolean;
	/** Case-insensitive text in the title, name or username. */
	search?: string;
}

const PAGE = 100;
/** Pages read at most (10,000 dialogs): a bound on an account with a huge list. */
const MAX_PAGES = 100;

const asTl = (value: unknown): Tl => value as Tl;

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
	let offsetDate = 0;
	let offsetId = 0;
	let offsetPeer: Api.TypeInputPeer = new Api.InputPeerEmpty();
	for (let page = 0; page < MAX_PAGES && out.length < limit; page++) {
		const answer = await client.invoke(
			new Api.messages.GetDialogs({
				offsetDate,
				offsetId,
				offsetPeer,
				limit: PAGE,
				hash: toLong(0),
				folderId: f.archived ? 1 : undefined,
			}),
		);
		if (answer instanceof Api.messages.DialogsNotModified) break;
		const entities = indexEntities(
			answer.users as unknown as Tl[],
			answer.chats as unknown as Tl[],
		);
		const messages = new Map(
			answer.messages.map((m) => [`${chatIdOf(asTl(m.peerId))}:${m.id}`, m]),
		);
		for (const dialog of answer.dialogs) {
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
		const last = answer.dialogs[answer.dialogs.length - 1];
		if (answer instanceof Api.messages.Dialogs || answer.dialogs.length < PAGE || !last) break;
		const lastId = chatIdOf(asTl(last.peer));
		const lastMessage = messages.get(`${lastId}:${last.topMessage}`);
		const lastEntity = lastId ? entities.get(lastId) : undefined;
		if (!lastEntity) break;
		offsetDate = lastMessage && 'date' in lastMessage ? (lastMessage.date ?? 0) : 0;
		offsetId = last.topMessage;
		offsetPeer = inputPeerOf(lastEntity as unknown as Api.TypeUser | Api.TypeChat);
	}
	return out;
}
