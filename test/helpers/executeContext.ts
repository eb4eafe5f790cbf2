// One fake IExecuteFunctions for driving a node's real execute() as n8n would: per-item
// parameters, a credential, input items, continueOnFail, binary helpers and workflow static data.
import {
	NodeOperationError,
	type IBinaryData,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
} from 'n8n-workflow';

import type { TestServer } from '../server';
import { withDeadline } from './deadline';
import { scanItems, scanValue } from './secretScan';

export type Params = Record<string, unknown>;

export interface ExecuteContextOptions {
	node: INode;
	/** The same parameters for every item, one set per item, or computed per item. */
	params: Params | Params[] | ((itemIndex: number) => Params);
	/** Default: one empty item per parameter set (or one item). */
	items?: INodeExecutionData[];
	credential: ICredentialDataDecryptedObject;
	/** If set, asking for any other credential type fails (as n8n would). */
	credentialType?: string;
	continueOnFail?: boolean;
	/**
	 * The node's static data. Pass the same object (or an n8n ObservableObject) to later runs to
	 * act as the next execution: it is handed to the node as is, so n8n's change tracking holds.
	 */
	staticData?: IDataObject;
	/** The execution's cancel signal (n8n's getExecutionCancelSignal()). */
	cancelSignal?: AbortSignal;
}

/** An INode as n8n hands it to execute(). */
export const testNode = (id: string, name: string, type: string): INode => ({
	id,
	name,
	type: `n8n-nodes-telegram-account.${type}`,
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
});

/** A locator value as n8n stores it. */
export const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });

/** The credential's connection options that point at the loopback server's DC `dcId`. */
export function loopbackOptions(ts: TestServer, dcId = ts.dcs[0].id): IDataObject {
	const dc = ts.dcs.find((d) => d.id === dcId)!;
	return {
		server: 'custom',
		customHost: dc.host,
		customPort: dc.port,
		customDcId: dc.id,
		customRsaPublicKey: ts.rsaPublicKeyPem,
	};
}

// n8n returns the fallback for a parameter that is not set, and a locator's value on extractValue.
function pick(params: Params | undefined, name: string, fallback: unknown, extract: boolean) {
	const value = params?.[name] === undefined ? fallback : params[name];
	if (extract && value && typeof value === 'object' && '__rl' in value)
		return (value as unknown as { value: unknown }).value;
	return value;
}

export function executeContext(o: ExecuteContextOptions): IExecuteFunctions {
	const { node, params } = o;
	const paramsOf = (i: number): Params | undefined =>
		typeof params === 'function' ? params(i) : Array.isArray(params) ? params[i] : params;
	const items: INodeExecutionData[] =
		o.items ?? (Array.isArray(params) ? params : [{}]).map(() => ({ json: {} }));
	const staticData = o.staticData ?? {};
	const fake = {
		getInputData: () => items,
		getNode: () => node,
		getCredentials: async (type: string) => {
			if (o.credentialType && type !== o.credentialType)
				throw new Error(`unexpected credential type ${type}`);
			return o.credential;
		},
		continueOnFail: () => Boolean(o.continueOnFail),
		getExecutionCancelSignal: () => o.cancelSignal,
		getNodeParameter: (
			name: string,
			i: number,
			fallback?: unknown,
			options?: { extractValue?: boolean },
		) => pick(paramsOf(i), name, fallback, Boolean(options?.extractValue)),
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`unexpected static data type ${type}`);
			return staticData;
		},
		helpers: {
			assertBinaryData: (i: number, property: string): IBinaryData => {
				const binary = items[i].binary?.[property];
				if (!binary)
					throw new NodeOperationError(
						node,
						`This operation expects the node's input data to contain a binary file '${property}', but none was found`,
					);
				return binary;
			},
			getBinaryDataBuffer: async (i: number, property: string) =>
				Buffer.from(items[i].binary![property].data, 'base64'),
			prepareBinaryData: async (
				bytes: Buffer,
				fileName?: string,
				mimeType?: string,
			): Promise<IBinaryData> => ({
				data: bytes.toString('base64'),
				fileName,
				mimeType: mimeType ?? 'application/octet-stream',
				fileSize: String(bytes.length),
			}),
		},
	};
	return fake as unknown as IExecuteFunctions;
}

interface Executable {
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

/** Runs `nodeType.execute` on the fake context within a deadline; returns its first output. */
export async function executeNode(
	nodeType: Executable,
	o: ExecuteContextOptions,
	ms: number,
	what: string,
): Promise<INodeExecutionData[]> {
	// The secret scan (secretScan.ts): no output item (but a completed login's session) and no
	// error message holds a secret in play.
	const outputs = await withDeadline(nodeType.execute.call(executeContext(o)), ms, what).catch(
		(error: unknown) => {
			scanValue(`an error of ${what}`, error);
			return Promise.reject(error);
		},
	);
	scanItems(`the output of ${what}`, outputs);
	return outputs[0];
}
