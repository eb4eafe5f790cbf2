// A small fake IExecuteFunctions: enough of n8n's execute context to run the nodes in-process
// the way n8n does (items, per-item parameters with resource-locator values, credentials).
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';

export type Params = Record<string, unknown>;

/** A resource-locator value as n8n stores it. */
export const locator = (value: string, mode = 'id') => ({ __rl: true, mode, value });

function pick(params: Params, name: string, fallback: unknown, extractValue: boolean): unknown {
	const value = name in params ? params[name] : fallback;
	if (extractValue && value && typeof value === 'object' && '__rl' in value)
		return (value as unknown as { value: unknown }).value;
	return value;
}

export interface FakeContext {
	node: INode;
	credential: ICredentialDataDecryptedObject;
	params: Params;
	items?: INodeExecutionData[];
}

export function fakeExecute(o: FakeContext): IExecuteFunctions {
	const items = o.items ?? [{ json: {} }];
	const fake = {
		getInputData: () => items,
		getNode: () => o.node,
		getCredentials: async () => o.credential,
		continueOnFail: () => false,
		getWorkflowStaticData: () => ({}),
		getNodeParameter: (
			name: string,
			_itemIndex: number,
			fallback?: unknown,
			options?: { extractValue?: boolean },
		) => pick(o.params, name, fallback, Boolean(options?.extractValue)),
		helpers: {
			prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string) => ({
				data: data.toString('base64'),
				fileName,
				mimeType: mimeType ?? 'application/octet-stream',
				fileSize: String(data.length),
			}),
		},
	};
	return fake as unknown as IExecuteFunctions;
}

/** Runs a node's execute once and returns its first output. */
export async function runNode(
	node: Required<Pick<INodeType, 'execute'>>,
	ctx: IExecuteFunctions,
): Promise<INodeExecutionData[]> {
	const output = await node.execute.call(ctx);
	return (output as INodeExecutionData[][])[0];
}

export const nodeInfo = (name: string, type: string): INode => ({
	id: `bench-${type}`,
	name,
	type: `n8n-nodes-telegram-account.${type}`,
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
});
