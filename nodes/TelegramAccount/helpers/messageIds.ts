// The message id(s) field several resources share: its description and its checked reading.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemParameters } from '../../shared/params/reader';

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

/** Message ids from a field: "12", "12, 13", 12, or an array of them. */
export function readMessageIds(
	fn: IExecuteFunctions,
	itemIndex: number,
	name = 'messageIds',
): number[] {
	const params = itemParameters(fn, itemIndex);
	const raw = params.raw(name, '');
	const list = Array.isArray(raw) ? raw : String(raw ?? '').split(/[\s,]+/);
	const ids = list.map((v) => String(v).trim()).filter((v) => v !== '');
	const numbers = ids.map(Number);
	if (!numbers.length || numbers.some((n) => !Number.isInteger(n) || n <= 0)) {
		throw params.error(
			name,
			`is not a list of message IDs: "${ids.join(', ') || String(raw ?? '')}"`,
			'Give one or more positive message IDs separated by commas, e.g. 12, 13.',
		);
	}
	return numbers;
}
