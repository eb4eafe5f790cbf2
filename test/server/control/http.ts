// The control API over HTTP + JSON on 127.0.0.1, for an n8n running in another process:
// POST /<operation> with the operation's argument as the JSON body → {"ok":true,"result":…}.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomInt } from 'node:crypto';
import type { Control } from './control';

export const CONTROL_OPERATIONS = [
	'createAccount',
	'createUser',
	'createSession',
	'addContact',
	'createGroup',
	'createChannel',
	'seedMessages',
	'pushMessage',
	'pushEdit',
	'pushDelete',
	'injectError',
	'clearErrors',
	'setLatency',
	'dropConnections',
	'forgetAuthKey',
	'revokeAuthKey',
	'acceptLoginToken',
	'setPassword',
	'clearPassword',
	'lastCode',
	'setAuthOptions',
	'setDifferenceLimits',
	'rpcLog',
	'sentMessages',
	'state',
	'updateState',
	'holdPushes',
	'releasePushes',
	'dropPushes',
	'duplicatePushes',
	'pushTooLong',
	'refuseReconnects',
	'acceptReconnects',
	'connections',
	'duplicatedKeys',
] as const;

export interface ControlHttp {
	url: string;
	close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

const toJson = (v: unknown) =>
	JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x === Infinity ? null : x));

export async function startControlHttp(
	control: Control,
	opts: { host?: string; port?: number } = {},
): Promise<ControlHttp> {
	const host = opts.host ?? '127.0.0.1';
	const server: Server = createServer((req, res) => {
		const send = (status: number, body: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(toJson(body));
		};
		const op = (req.url ?? '/').replace(/^\/+/, '').split('?')[0];
		if (req.method === 'GET' && (op === '' || op === 'operations'))
			return send(200, { ok: true, result: CONTROL_OPERATIONS });
		if (req.method !== 'POST' || !(CONTROL_OPERATIONS as readonly string[]).includes(op)) {
			return send(404, { ok: false, error: `unknown operation ${op}` });
		}
		readBody(req)
			.then((text) => {
				const arg = text ? JSON.parse(text) : {};
				const fn = (control as unknown as Record<string, (a: unknown) => unknown>)[op];
				send(200, { ok: true, result: fn.call(control, arg) ?? null });
			})
			.catch((e: Error) => send(400, { ok: false, error: e.message }));
	});
	const port = await listen(server, host, opts.port);
	return {
		url: `http://${host}:${port}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

async function listen(server: Server, host: string, wanted?: number): Promise<number> {
	for (let attempt = 0; attempt < 50; attempt++) {
		const port = wanted || randomInt(10_000, 32_000);
		try {
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, () => {
					server.off('error', reject);
					resolve();
				});
			});
			return port;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || wanted) throw e;
		}
	}
	throw new Error('no free port for the control API');
}
