// Credentials and accounts on the bench server, in the shapes n8n stores and GramJS takes.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { BenchServer } from './server';

export const API_ID = 424242;
/** Fixed, fake: the loopback server accepts any api_hash. Never printed. */
export const API_HASH = '0123456789abcdef0123456789abcdef';

export interface BenchAccount {
	userId: number;
	session: string;
	/** A second user with a username: the peer every send goes to. */
	peerUsername: string;
	peerId: number;
}

let counter = 0;
const peers = new Map<number, string>();

/**
 * A signed-in account plus a peer to message; unique per call (several figures share a server).
 * Pass `peerId` of an earlier account to message the same peer.
 */
export async function createAccount(
	server: BenchServer,
	tag: string,
	peerId?: number,
): Promise<BenchAccount> {
	const n = ++counter;
	const phone = `+1555${String(Date.now() % 100000).padStart(5, '0')}${n}`;
	const made = await server.control<{ userId: number; session: string }>('createAccount', {
		phone,
		firstName: `Bench ${tag}`,
		username: `bench_${tag}_${n}`,
	});
	if (peerId !== undefined) {
		const peerUsername = peers.get(peerId);
		if (!peerUsername) throw new Error(`no bench peer ${peerId}`);
		return { userId: made.userId, session: made.session, peerUsername, peerId };
	}
	const peerUsername = `peer_${tag}_${n}`;
	const peer = await server.control<{ userId: number }>('createUser', {
		firstName: 'Peer',
		username: peerUsername,
	});
	peers.set(peer.userId, peerUsername);
	return { userId: made.userId, session: made.session, peerUsername, peerId: peer.userId };
}

/** The telegramAccountApi credential as n8n hands it to a node (app credential without session). */
export function credentialData(
	server: BenchServer,
	session: string,
	options: Record<string, unknown> = {},
): ICredentialDataDecryptedObject {
	return {
		apiId: API_ID,
		apiHash: API_HASH,
		...(session && { session }),
		options: {
			server: 'custom',
			customHost: server.dc.host,
			customPort: server.dc.port,
			customDcId: server.dc.id,
			customRsaPublicKey: server.rsaPublicKeyPem,
			requestTimeout: 30,
			...options,
		},
	};
}
