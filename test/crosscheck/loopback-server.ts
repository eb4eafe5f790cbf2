// The loopback server put together as test/server/index.ts does, plus what a cross-check needs:
// protocol errors that close a connection are recorded, so a test can name them. The core's
// short-key default stays: mtcute 0.30, like GramJS, holds the auth key as a big integer's bytes
// (leading zero bytes dropped) and hashes that form in the handshake's dh_gen_ok check.
import { createMtprotoServer, MemoryAuthKeyStore } from '../server/core/index';
import { Control } from '../server/control/control';
import { createRpcHandler } from '../server/methods/index';
import { World } from '../server/world/world';
import type { TestServer } from '../server/index';

export interface CrosscheckServer extends TestServer {
	/** Errors that made the core close a connection, with the DC they happened on. */
	connectionErrors: Array<{ dcId: number; message: string }>;
}

export async function startCrosscheckServer(
	opts: { dcs?: Array<{ id: number }> } = {},
): Promise<CrosscheckServer> {
	const dcs = opts.dcs ?? [{ id: 2 }];
	const world = new World({ dcIds: dcs.map((d) => d.id) });
	const authKeys = new MemoryAuthKeyStore();
	const connectionErrors: CrosscheckServer['connectionErrors'] = [];
	const server = createMtprotoServer({
		dcs,
		handler: createRpcHandler(world),
		authKeys,
		onConnectionError: (e, dcId) =>
			connectionErrors.push({ dcId, message: e instanceof Error ? e.message : String(e) }),
	});
	await server.start();
	world.endpoints = server.dcs;
	world.sessions = () => server.sessions();
	return {
		world,
		control: new Control(world, server, authKeys),
		server,
		dcs: server.dcs,
		rsaPublicKeyPem: server.rsaPublicKeyPem,
		rsaFingerprint: server.rsaFingerprint,
		connectionErrors,
		stop: () => server.stop(),
	};
}
