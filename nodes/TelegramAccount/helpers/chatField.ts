// The chat / user parameter every operation shares: a resource locator that takes any peer form
// (list of dialogs, @username, Bot-API-style ID, t.me link) and defaults to the trigger's output.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemParameters } from '../../shared/params/reader';
import type { TelegramAccountClient } from '../../shared/transport/client';
import { InputError } from '../../shared/transport/errors';
import { resolvePeer, type PeerTarget } from '../../shared/transport/peers';

export interface ChatFieldOptions {
	name?: string;
	displayName?: string;
	description?: string;
	/** Default of the By ID mode (an expression reading the input item). */
	defaultId?: string;
}

export function chatField(o: ChatFieldOptions = {}): INodeProperties {
	return {
		displayName: o.displayName ?? 'Chat',
		name: o.name ?? 'chatId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'id', value: o.defaultId ?? '={{ $json.chatId }}' },
		description:
			o.description ??
			'The chat, group, channel or user: pick a dialog, or give an @username, a numeric ID (Bot API style, -100… for channels) or a t.me link. "me" is Saved Messages.',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchDialogs', searchable: true },
			},
			{
				displayName: 'By Username',
				name: 'username',
				type: 'string',
				placeholder: '@durov',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^@?[a-zA-Z][a-zA-Z0-9_]{2,31}$',
							errorMessage: 'Not a valid username',
						},
					},
				],
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: '-1001234567890' },
			{ displayName: 'By URL', name: 'url', type: 'string', placeholder: 'https://t.me/durov' },
		],
	};
}

/** The raw peer text of a chat field for one item (the locator's value, or a plain string). */
export function chatValue(fn: IExecuteFunctions, itemIndex: number, name = 'chatId'): string {
	const params = itemParameters(fn, itemIndex);
	const text = params.locator(name);
	if (!text) {
		throw new InputError(
			`No chat was given in ${params.label(name)}`,
			'Set the Chat field, or feed an item with a chatId (the Telegram Account Trigger outputs one).',
		);
	}
	return text;
}

/** Resolves the chat field of one item, through the per-client peer cache. */
export async function readChat(
	fn: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
	name = 'chatId',
): Promise<PeerTarget> {
	return await resolvePeer(client, chatValue(fn, itemIndex, name));
}
