// "From List" of every chat field (action node and trigger): the account's dialogs, searched by
// title, name or username.
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { parseCredential } from '../transport/credential';
import { toNodeError } from '../transport/errors';
import { withClient } from '../transport/pool';
import { listDialogs } from '../transport/dialogList';

/** Dialogs shown in the list: enough to pick from; the search narrows it down. */
const LIST_LIMIT = 200;

const TYPE_LABEL: Record<string, string> = {
	user: 'user',
	bot: 'bot',
	group: 'group',
	supergroup: 'group',
	channel: 'channel',
};

export async function searchDialogs(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const node = this.getNode();
	try {
		const credential = parseCredential(await this.getCredentials('telegramAccountApi'));
		const dialogs = await withClient(
			credential,
			async (client) =>
				await listDialogs(
					client,
					{ archived: false, types: [], unreadOnly: false, search: filter?.trim() || undefined },
					LIST_LIMIT,
				),
		);
		return {
			results: dialogs.map((d) => {
				const title = String(d.title ?? d.name ?? d.username ?? d.chatId);
				const username = d.username ? ` @${String(d.username)}` : '';
				return {
					name: `${title}${username} (${TYPE_LABEL[String(d.type)] ?? String(d.type)})`,
					value: String(d.chatId),
					url: typeof d.link === 'string' ? d.link : undefined,
				};
			}),
		};
	} catch (error) {
		throw toNodeError(node, error);
	}
}
