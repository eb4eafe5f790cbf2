// The account's dialog list, page by page (messages.getDialogs). Telegram pages it by the last
// dialog of a page: its top message's id and date, and its peer.
import { Api, inputPeerOf, toLong, type TelegramAccountClient } from './client';
import { asTl, chatIdOf } from './serialize';

/** Telegram's largest dialog page. */
export const DIALOG_PAGE_SIZE = 100;

export interface DialogPage {
	dialogs: Api.TypeDialog[];
	messages: Api.TypeMessage[];
	users: Api.TypeUser[];
	chats: Api.TypeChat[];
}

export interface DialogPaging {
	/** The archive (folder 1) instead of the main list. */
	archived?: boolean;
	/** A bound on an account with a huge list. */
	maxPages: number;
}

/** Bot-API-style id of a user, chat, channel or peer object. */
const idOf = (value: unknown): string | undefined => chatIdOf(asTl(value));

/** Pages of the dialog list, newest first; stop iterating to stop asking. */
export async function* dialogPages(
	client: TelegramAccountClient,
	paging: DialogPaging,
): AsyncGenerator<DialogPage> {
	let offsetDate = 0;
	let offsetId = 0;
	let offsetPeer: Api.TypeInputPeer = new Api.InputPeerEmpty();
	for (let page = 0; page < paging.maxPages; page++) {
		const answer = await client.invoke(
			new Api.messages.GetDialogs({
				offsetDate,
				offsetId,
				offsetPeer,
				limit: DIALOG_PAGE_SIZE,
				hash: toLong(0),
				folderId: paging.archived ? 1 : undefined,
			}),
		);
		if (answer instanceof Api.messages.DialogsNotModified) return;
		const { dialogs, messages, users, chats } = answer;
		yield { dialogs, messages, users, chats };
		const last = dialogs[dialogs.length - 1];
		const complete = answer instanceof Api.messages.Dialogs;
		if (complete || dialogs.length < DIALOG_PAGE_SIZE || !last) return;
		const lastId = idOf(last.peer);
		const entity = [...users, ...chats].find((e) => idOf(e) === lastId);
		if (!entity) return;
		const top = messages.find((m) => m.id === last.topMessage && idOf(m.peerId) === lastId);
		offsetDate = top && 'date' in top ? (top.date ?? 0) : 0;
		offsetId = last.topMessage;
		offsetPeer = inputPeerOf(entity);
	}
}
