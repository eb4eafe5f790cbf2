// Refusals that Telegram answers with a result instead of an error, and failures a login can
// resume from; their texts live in the shared error table.
import type { INode, NodeError } from 'n8n-workflow';

import { toNodeError } from '../../shared/transport/errors';

/** Telegram's refusal given as a result (e.g. auth.authorizationSignUpRequired), as an error. */
export class LoginRefusal extends Error {
	constructor(readonly errorMessage: string) {
		super(errorMessage);
		this.name = 'LoginRefusal';
	}
}

/** A failure after which the login can go on from `state` (e.g. a wrong 2FA password). */
export class ResumableLoginError extends Error {
	constructor(
		readonly failure: unknown,
		readonly state: Record<string, string>,
	) {
		super(failure instanceof Error ? failure.message : String(failure));
		this.name = 'ResumableLoginError';
	}
}

/** A login failure as an n8n error: the shared table, looking through a resumable wrapper. */
export function loginNodeError(node: INode, error: unknown, itemIndex?: number): NodeError {
	const inner = error instanceof ResumableLoginError ? error.failure : error;
	return toNodeError(node, inner, itemIndex);
}
