// What changes when an AI agent runs the node as a tool: a model that reads untrusted Telegram text
// may be steered, so it gets no destructive operation unless the user allows it, no operation it
// picks itself, and no personal field it did not ask for (docs/decisions/0009-ai-tool-use.md).
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemParameters } from '../../shared/params/reader';
import { InputError } from '../../shared/transport/errors';
import { TOOL_HINTS } from './toolHints';
import { modelJson } from './toolOutput';

/** Operations that destroy something the node cannot give back, as `resource.operation`. */
export const DESTRUCTIVE: Record<string, string> = {
	'account.logOut': 'Log Out (the session is revoked for good)',
	'message.delete': 'Delete Message (the messages are gone)',
	'message.edit': 'Edit Message (the earlier text is gone)',
	'chat.leave': 'Leave Chat (a private chat may need a new invite)',
};

const ALLOW = 'allowDestructiveInToolUse';
const PHONES = 'includePhoneNumbersInToolUse';

/** Fields shown only on the tool variant of the node (n8n's '@tool' display rule). */
export const toolFields: INodeProperties[] = [
	{
		displayName: 'Allow Destructive Operations',
		name: ALLOW,
		type: 'boolean',
		noDataExpression: true,
		default: false,
		displayOptions: {
			show: {
				'@tool': [true],
				resource: ['account', 'message', 'chat'],
				operation: ['logOut', 'delete', 'edit', 'leave'],
			},
		},
		description:
			'Whether the AI agent may run this operation. Log Out, Delete Message, Edit Message and Leave Chat cannot be undone, and an agent that reads Telegram messages can be talked into calling them.',
	},
	{
		// n8n sends a model no field description but the one typed into the $fromAI box.
		displayName: `A field you let the model define reaches it only with the description you type there. For a chat, say: ${TOOL_HINTS.chat}`,
		name: 'toolHintsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { '@tool': [true] } },
	},
	{
		displayName: 'Include Phone Numbers',
		name: PHONES,
		type: 'boolean',
		default: false,
		displayOptions: { show: { '@tool': [true] } },
		description:
			'Whether the answer given to the AI agent keeps phone numbers (of the account and of other users)',
	},
];

/** True when n8n runs the node for an AI agent (its "…Tool" variant, or a supply-data call). */
export function isToolUse(fn: IExecuteFunctions): boolean {
	// The same rule as n8n's '@tool' display option: the tool variant's type name ends in "Tool".
	// An agent that runs tools as engine requests executes that variant with an ExecuteContext,
	// whose isToolExecution() says false; the older supply-data path says true.
	if (fn.getNode().type.endsWith('Tool')) return true;
	return typeof fn.isToolExecution === 'function' && fn.isToolExecution();
}

const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

/**
 * Refuses a resource or operation given as an expression. The editor forbids it, but an imported
 * workflow can hold one (`$fromAI('operation')`, or text from a message) and let data pick the action.
 */
export function checkFixedOperation(fn: IExecuteFunctions): void {
	const raw = fn.getNode().parameters;
	for (const name of ['resource', 'operation']) {
		if (!isExpression(raw[name])) continue;
		throw new InputError(
			`The ${name} of this node is an expression, which this node refuses`,
			`Choose a fixed ${name} from the list: an expression would let the data (or an AI model) choose what the node does. Use one node per ${name} instead.`,
		);
	}
}

/** The settings that hold for every item of one run. */
export interface ToolPolicy {
	tool: boolean;
	allowDestructive: boolean;
}

export function toolPolicy(fn: IExecuteFunctions): ToolPolicy {
	const tool = isToolUse(fn);
	// Read from the stored value: an expression (a model's $fromAI) never switches the gate on.
	return { tool, allowDestructive: tool && fn.getNode().parameters[ALLOW] === true };
}

/**
 * Whether phone numbers go back to the model: only when the user asked for them (or let the model
 * ask, by filling the field with $fromAI).
 */
export function includePhones(fn: IExecuteFunctions, itemIndex: number): boolean {
	return itemParameters(fn, itemIndex).boolean(PHONES, false);
}

/** The reason an operation is refused in this run, or undefined when it may run. */
export function refusal(
	policy: ToolPolicy,
	resource: string,
	operation: string,
): InputError | undefined {
	const what = DESTRUCTIVE[`${resource}.${operation}`];
	if (!policy.tool || !what || policy.allowDestructive) return undefined;
	return new InputError(
		`${what} is not allowed for an AI agent`,
		"An agent that reads Telegram messages can be talked into destroying data. If this tool should be able to do it, switch on 'Allow Destructive Operations' in the tool's settings.",
	);
}

/** What a model gets: compact messages, no null or empty fields, hashes or phone numbers. */
export function toolJson(json: IDataObject, phones: boolean): IDataObject {
	return modelJson(json, phones);
}
