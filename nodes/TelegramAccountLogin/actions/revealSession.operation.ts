import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { takeHandOver } from '../login/handOver';
import { requiredText } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Session Token',
		name: 'sessionToken',
		type: 'string',
		typeOptions: { password: true },
		default: '={{ $json.query?.token }}',
		required: true,
		description:
			'The sessionToken a login step returned with Session Output "Once, by Token" (the default reads ?token= of a Webhook request)',
	},
];

export const description = updateDisplayOptions(
	{ show: { operation: ['revealSession'] } },
	properties,
);

/** The session of a finished login, once; then it is gone from this process. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const token = requiredText(this, 'sessionToken', itemIndex, 'Session Token');
	return { json: takeHandOver(token) };
}
