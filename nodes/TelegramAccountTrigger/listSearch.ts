// "From List" of the trigger's chat and user fields: the account's dialogs, searched by name.
// A thin copy of the action node's search (nodes/TelegramAccount/methods/listSearch.ts), which
// is not reachable from nodes/shared; merge the two when the dialog listing moves there.
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { Api, toLong } from '../shared/transport/client';
import { parseCredential } from '../shared/transport/credential';
import { toNodeError } from '../shared/transport/errors';
import { withClient } from '../shared/transport/pool';
import { chatIdOf, serializeChat, type Tl } from '../shared/transport/serialize';

/** One page of dialogs is what the list shows; the search narrows it (Telegram's limit: 100). */
const LIMIT = 100;

export async function searchChats(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const node = this.getNode();
	try {
		const credential = parseCredential(await this.getCredentials('telegramAccountApi'));
		const needle = filter?.trim().toLowerCase() ?? '';
		const answer = await withClient(
			credential,
			async (client) =>
				await client.invoke(
					new Api.messages.GetDialogs({
						offsetDate: 0,
						offsetId: 0,
						offsetPeer: new Api.InputPeerEmpty(),
						limit: LIMIT,
						hash: toLong(0),
					}),
				),
		);
		if (answer instanceof Api.messages.DialogsNotModified) return { results: [] };
		const entities = [...answer.users, ...answer.chats] as unknown as Tl[];
		const byId = new Map(entities.map((e) => [chatIdOf(e), e]));
		const results = [];
		for (const dialog of answer.dialogs) {
			const entity = byId.get(chatIdOf(dialog.peer as unknown as Tl));
			if (!entity) continue;
			const chat = serializeChat(entity);
			const title = String(chat.title ?? chat.name ?? chat.username ?? chat.chatId);
			const haystack = `${title} ${String(chat.username ?? '')} ${String(chat.chatId)}`;
			if (needle && !haystack.toLowerCase().includes(needle)) continue;
			results.push({
				name: `${title}${chat.username ? ` @${String(chat.username)}` : ''} (${String(chat.type)})`,
				value: String(chat.chatId),
				url: typeof chat.link === 'string' ? chat.link : undefined,
			});
		}
		return { results };
	} catch (error) {
		throw toNodeError(node, error);
	}
}
