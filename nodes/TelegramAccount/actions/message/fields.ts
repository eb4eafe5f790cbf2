import type { INodeProperties } from 'n8n-workflow';

/** Message id(s) of the chat; defaults to the input item's id (the trigger's message). */
export function messageIdsField(
	o: { single?: boolean; description?: string } = {},
): INodeProperties {
	return {
		displayName: o.single ? 'Message ID' : 'Message IDs',
		name: o.single ? 'messageId' : 'messageIds',
		type: 'string',
		required: true,
		default: '={{ $json.id }}',
		description:
			o.description ??
			(o.single
				? 'ID of the message in the chat'
				: 'One or more message IDs of the chat, separated by commas'),
	};
}
