// The loopback Telegram server as a library: MTProto core + world + RPC methods + control API.
//   const ts = await startTestServer();                  // DCs 1 and 2 on 127.0.0.1 / 127.0.0.2
//   const { userId, session } = ts.control.createAccount({ phone: '+15550001', firstName: 'A' });
//   …connect GramJS with `session` (test/helpers/gramjs.ts)…; await ts.stop();
import { createMtprotoServer, MemoryAuthKeyStore } from './core/index';
import type { DcEndpoint, MtprotoServer } from './core/types';
import { Control } from './control/control';
import { startControlHttp, type ControlHttp } from './control/http';
import { createRpcHandler } from './methods/index';
import { World, type WorldOptions } from './world/world';

export interface TestServerOptions {
	/** DCs to serve (default 1 and 2, so *_MIGRATE and QR migration can happen). */
	dcs?: Array<{ id: number; port?: number; host?: string }>;
	world?: WorldOptions;
	/** Also serve the control API over HTTP on 127.0.0.1. */
	controlHttp?: boolean | { host?: string; port?: number };
	/** Telegram's AUTH_KEY_DUPLICATED rule (default: enforced, no grace window). */
	duplicateKeys?: { enforce?: boolean; windowMs?: number };
}

export interface TestServer {
	world: World;
	control: Control;
	server: MtprotoServer;
	dcs: DcEndpoint[];
	rsaPublicKeyPem: string;
	rsaFingerprint: string;
	controlUrl?: string;
	stop(): Promise<void>;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
	const dcs = opts.dcs ?? [{ id: 1 }, { id: 2 }];
	const world = new World({ ...opts.world, dcIds: dcs.map((d) => d.id) });
	const authKeys = new MemoryAuthKeyStore();
	const server = createMtprotoServer({
		dcs,
		handler: createRpcHandler(world),
		authKeys,
		admit: (key) => key.userId === undefined || !world.gates.refused(Number(key.userId)),
		duplicateKeys: opts.duplicateKeys,
	});
	await server.start();
	world.endpoints = server.dcs;
	world.sessions = () => server.sessions();
	const control = new Control(world, server, authKeys);
	let http: ControlHttp | undefined;
	if (opts.controlHttp) {
		try {
			http = await startControlHttp(control, opts.controlHttp === true ? {} : opts.controlHttp);
		} catch (e) {
			await server.stop();
			throw e;
		}
	}
	return {
		world,
		control,
		server,
		dcs: server.dcs,
		rsaPublicKeyPem: server.rsaPublicKeyPem,
		rsaFingerprint: server.rsaFingerprint,
		controlUrl: http?.url,
		async stop() {
			await http?.close();
			await server.stop();
		},
	};
}

export { World } from './world/world';
export { Control } from './control/control';
export type { FaultRule } from './world/faults';
