import {
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { itemParameters } from '../../../shared/params/reader';
import { Api, type TelegramAccountClient } from '../../../shared/transport/client';
import { sendChecked, stableRandomId } from '../../../shared/transport/inDoubt';
import { waitForSendSlot } from '../../../shared/transport/pace';
import { prefetchSelf } from '../../../shared/transport/self';
import { chatField, readChat } from '../../helpers/chatField';
import {
	linkPreviewOption,
	outcomeOutput,
	parseModeOption,
	readSendOptions,
	replyHeader,
	sendIdentity,
	sendOptionFields,
} from './common';
import { parseText, textParts } from './text';

const properties: INodeProperties[] = [
	chatField(),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'The message to send as the logged-in user',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			linkPreviewOption,
			parseModeOption,
			{
				displayName: 'Text Over the Limit',
				name: 'longText',
				type: 'options',
				options: [
					{
						name: 'Split Into Several Messages',
						value: 'split',
						description: 'Sent in order, cut at paragraphs, lines or words',
					},
					{ name: 'Reject', value: 'reject', description: 'Fail the item with a clear error' },
				],
				default: 'split',
				description: "What to do with a text longer than Telegram's 4096 characters",
			},
			...sendOptionFields,
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: ['sendText'] } },
	properties,
);

/** One item per message sent (several when a long text is split). */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<IDataObject[]> {
	const target = await readChat(this, itemIndex, client);
	const options = readSendOptions(this, itemIndex);
	const text = itemParameters(this, itemIndex).requiredText('text', 'Give the text to send.');
	const parts = textParts(parseText(client, text, options.parseMode), options.longText);
	const output: IDataObject[] = [];
	const identity = sendIdentity(this, itemIndex);
	prefetchSelf(client);
	for (const [index, part] of parts.entries()) {
		await waitForSendSlot(client, options.sendsPerSecond);
		const outcome = await sendChecked(client, {
			peer: target.inputPeer,
			chatId: target.chatId,
			text: part.text,
			hasMedia: false,
			randomId: stableRandomId(identity.seed, target.chatId, String(index), part.text),
			// A scheduled message is not in the chat's history: nothing to look for there.
			retry: identity.retry && !options.scheduleDate,
			executionId: identity.executionId,
			build: (randomId) =>
				new Api.messages.SendMessage({
					peer: target.inputPeer,
					message: part.text,
					entities: part.entities.length ? part.entities : undefined,
					noWebpage: options.disableLinkPreview || undefined,
					silent: options.silent || undefined,
					// Only the first part replies: the rest follow it in order.
					replyTo: index === 0 ? replyHeader(options.replyTo) : undefined,
					scheduleDate: options.scheduleDate,
					randomId,
				}),
		});
		output.push(
			...(await outcomeOutput(client, target, outcome, {
				text: part.text,
				silent: options.silent,
			})),
		);
	}
	return output;
}
