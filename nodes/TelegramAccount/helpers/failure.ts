// What a failure becomes under Continue On Fail, for the router (a failed item) and for an
// operation that fails only part of an item (one chat of History → Collect): one policy.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toNodeError } from '../../shared/transport/errors';

/** The error as output JSON when Continue On Fail is on; otherwise it is thrown as a node error. */
export function failureJson(fn: IExecuteFunctions, error: unknown, itemIndex: number): IDataObject {
	const nodeError = toNodeError(fn.getNode(), error, itemIndex);
	if (!fn.continueOnFail()) throw nodeError;
	return { error: nodeError.message, description: nodeError.description ?? null };
}
