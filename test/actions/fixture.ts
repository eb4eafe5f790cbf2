// The Telegram Account node driven as n8n would drive it: a small fake IExecuteFunctions (items,
// per-item parameters, binary helpers, continueOnFail) against the real loopback server.
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';
import type { Readable } from 'node:stream';

import { TelegramAccount } from '../../nodes/TelegramAccount/TelegramAccount.node';
import type { TelegramAccountClient } from '../../nodes/shared/transport/client';
import { parseCredential } from '../../nodes/shared/transport/credential';
import { acquireClient, closeAllClients, poolStats } from '../../nodes/shared/transport/pool';
import { resetSendPace } from '../../nodes/shared/transport/pace';
import { startTestServer, type TestServer } from '../server/index';
import { sleep } from '../helpers/deadline';
import { withDeadline } from '../helpers/deadline';
import {
	executeContext,
	loopbackOptions,
	rl,
	testNode,
	type ExecuteContextOptions,
	type Params,
} from '../helpers/executeContext';

export const API_ID = 611335;
export const API_HASH = 'actions-test-api-hash-5f1c2e';

export interface Account {
	userId: number;
	session: string;
}

export interface World {
	ts: TestServer;
	me: Account;
	/** Secrets no output may contain. */
	secrets: string[];
	credentials(options?: IDataObject): ICredentialDataDecryptedObject;
	close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
	const ts = await startTestServer();
	const created = ts.control.createAccount({
		phone: '+15550001000',
		firstName: 'Ada',
		lastName: 'Self',
		username: 'ada_self',
	});
	const me = { userId: created.userId, session: created.session! };
	return {
		ts,
		me,
		secrets: [me.session, API_HASH],
		credentials: (options = {}) => ({
			apiId: API_ID,
			apiHash: API_HASH,
			session: me.session,
			options: {
				...loopbackOptions(ts),
				requestTimeout: 5,
				floodSleepThreshold: 2,
				...options,
			},
		}),
		async close() {
			await closeAllClients();
			resetSendPace();
			// Every connection the node opened is gone, server side too (a direct check that does
			// not depend on counting the process's handles).
			expect(poolStats().clients).toBe(0);
			const open = () => ts.server.sessions().filter((s) => !s.closed).length;
			const until = Date.now() + 3000;
			while (open() > 0 && Date.now() < until) await sleep(50);
			expect(open()).toBe(0);
			await ts.stop();
		},
	};
}

export type { Params };
export { rl };

export interface RunOptions {
	items?: INodeExecutionData[];
	/** The same parameters for every item, or one set per item. */
	params: Params | ((itemIndex: number) => Params);
	continueOnFail?: boolean;
	credentials?: ICredentialDataDecryptedObject;
	/**
	 * Run as an AI agent's tool: 'variant' as n8n's "…Tool" node type (engine requests),
	 * 'supplyData' as the plain type whose context says isToolExecution() (older agents).
	 */
	tool?: 'variant' | 'supplyData';
	/** The node's stored parameters (expressions start with "="); default: the parameters. */
	rawParameters?: Params;
	/** Binary data kept outside the item (n8n's filesystem or database mode), by binary id. */
	stored?: Map<string, StoredBinary>;
	/** Called for each piece n8n reads of a binary the node hands over as a stream. */
	onBinaryRead?: (bytes: number) => void | Promise<void>;
}

/** A binary n8n keeps on disk: its metadata and a way to open it as a stream. */
export interface StoredBinary {
	size: number;
	fileName?: string;
	mimeType: string;
	open(chunkSize?: number): Readable;
	/** How often the node asked for the whole file as one buffer. */
	buffered?: number;
}

const contextOptions = (world: World, o: RunOptions): ExecuteContextOptions => {
	const type = o.tool === 'variant' ? 'telegramAccountTool' : 'telegramAccount';
	const node = testNode('node-1', 'Telegram Account', type);
	const params = typeof o.params === 'function' ? o.params(0) : o.params;
	node.parameters = (o.rawParameters ?? params) as INodeParameters;
	return {
		node,
		params: o.params,
		items: o.items ?? [{ json: {} }],
		credential: o.credentials ?? world.credentials(),
		continueOnFail: o.continueOnFail,
	};
};

/** The fake context, with what tool runs and stored binaries add to it. */
export function fakeExecute(world: World, o: RunOptions): IExecuteFunctions {
	const fn = executeContext(contextOptions(world, o));
	const extra = fn as unknown as Record<string, unknown>;
	if (o.tool === 'supplyData') extra.isToolExecution = () => true;
	const helpers = fn.helpers as unknown as Record<string, unknown>;
	const fromBuffer = helpers.prepareBinaryData as (b: Buffer, n?: string, m?: string) => unknown;
	// n8n takes a Buffer or a stream; a stream is read piece by piece, as its binary store would.
	helpers.prepareBinaryData = async (data: Buffer | Readable, name?: string, mime?: string) => {
		if (Buffer.isBuffer(data)) return await fromBuffer(data, name, mime);
		const chunks: Buffer[] = [];
		for await (const chunk of data) {
			chunks.push(chunk as Buffer);
			await o.onBinaryRead?.((chunk as Buffer).length);
		}
		return await fromBuffer(Buffer.concat(chunks), name, mime);
	};
	const stored = o.stored;
	if (!stored) return fn;
	const find = (id: string) => {
		const file = stored.get(id);
		if (!file) throw new Error(`no stored binary ${id}`);
		return file;
	};
	const inMemory = helpers.getBinaryDataBuffer as (i: number, p: string) => Promise<Buffer>;
	Object.assign(helpers, {
		getBinaryStream: async (id: string, chunkSize?: number) => find(id).open(chunkSize),
		getBinaryMetadata: async (id: string) => {
			const file = find(id);
			return { fileName: file.fileName, mimeType: file.mimeType, fileSize: file.size };
		},
		getBinaryDataBuffer: async (i: number, property: string) => {
			const id = o.items?.[i]?.binary?.[property]?.id;
			if (!id) return await inMemory(i, property);
			const file = find(id);
			file.buffered = (file.buffered ?? 0) + 1;
			const chunks: Buffer[] = [];
			for await (const chunk of file.open()) chunks.push(chunk as Buffer);
			return Buffer.concat(chunks);
		},
	});
	return fn;
}

/** Runs the node's execute like n8n does, within a deadline; returns the first output. */
export async function run(world: World, o: RunOptions, ms = 20_000): Promise<INodeExecutionData[]> {
	const node = new TelegramAccount();
	const [out] = await withDeadline(node.execute.call(fakeExecute(world, o)), ms, 'node execute');
	// No output may hold the session or the api_hash.
	const text = JSON.stringify(out);
	for (const secret of world.secrets) expect(text).not.toContain(secret);
	return out;
}

/** Runs and returns the error it failed with (fails the test if it did not fail). */
export async function runError(
	world: World,
	o: RunOptions,
): Promise<Error & { description?: string }> {
	const error = await run(world, o).then(
		() => undefined,
		(e: Error) => e,
	);
	if (!error) throw new Error('the execution was expected to fail');
	return error as Error & { description?: string };
}

export const binary = (
	bytes: Buffer,
	fileName?: string,
	mimeType = 'application/octet-stream',
): IBinaryData => ({
	data: bytes.toString('base64'),
	fileName,
	mimeType,
});

/** The pooled client the node used for this world's credential (its socket count, its caches). */
export async function pooledClient(world: World): Promise<TelegramAccountClient> {
	const lease = await acquireClient(parseCredential(world.credentials()));
	lease.release();
	return lease.client;
}

/**
 * Grace for the leak check: GramJS's ping loop races each ping (every 9 s) against a 10 s timer it
 * never clears, and tries a failed first ping up to 3 times, so a client closed mid-ping can start
 * a last 10 s timer just after its close. At load 8 on 2 cores one such timer outlived a 12 s grace
 * (CI, test/trigger/live.test.ts). The check ends as soon as nothing is left, so a clean file does
 * not wait; a real leak (a timer or socket that never ends) still fails.
 */
export const LEAK_GRACE_MS = 25_000;
