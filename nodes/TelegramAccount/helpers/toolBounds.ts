// How much a list operation returns when an AI agent runs it: never "all". A model that names only
// a chat got a whole chat (251 messages, 123,452 characters in one tool answer); a limit that the
// model picks itself ($fromAI, or any expression) may lower the bound but not raise it.
import type { IExecuteFunctions } from 'n8n-workflow';

import { isToolUse } from './toolUse';

/** What Return All means for an AI agent, and the most an expression may ask for. */
export const TOOL_LIMIT = 50;

/**
 * The limit of one item: `limit` (undefined = Return All) outside tool use; in tool use Return All
 * becomes TOOL_LIMIT, a limit given by expression is capped at it, a number the user typed stays.
 */
export function toolBoundedLimit(
	fn: IExecuteFunctions,
	limit: number | undefined,
	field = 'limit',
): number | undefined {
	if (!isToolUse(fn)) return limit;
	if (limit === undefined) return TOOL_LIMIT;
	const stored = fn.getNode().parameters[field];
	const byExpression = typeof stored === 'string' && stored.startsWith('=');
	return byExpression ? Math.min(limit, TOOL_LIMIT) : limit;
}
