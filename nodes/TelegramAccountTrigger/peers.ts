// The filter lists (only / exclude chats, from users) turned into Bot-API-style ids once, at
// activation: numeric ids as they are, usernames and links through the shared peer cache.
import { parsePeerReference, markedId } from '../shared/transport/peerReference';
import { resolvePeer } from '../shared/transport/peers';
import { withClient } from '../shared/transport/pool';
import type { TelegramCredential } from '../shared/transport/credential';
import type { PeerSets } from './filters';
import type { TriggerSettings } from './settings';

export async function resolvePeers(
	credential: TelegramCredential,
	s: TriggerSettings,
): Promise<{ selfId: string; peers: PeerSets }> {
	return await withClient(credential, async (client) => {
		// getMe first: it proves the session works, so a revoked one fails activation at once.
		const me = await client.getMe();
		const selfId = String(me.id);
		const ids = async (list: string[]): Promise<Set<string>> => {
			const out = new Set<string>();
			for (const raw of list) {
				const ref = parsePeerReference(raw);
				if (ref.kind === 'self') out.add(selfId);
				else if (ref.kind === 'user' || ref.kind === 'chat' || ref.kind === 'channel') {
					out.add(markedId(ref.kind, ref.id));
				} else out.add((await resolvePeer(client, raw)).chatId);
			}
			return out;
		};
		return {
			selfId,
			peers: {
				only: s.onlyChats.length ? await ids(s.onlyChats) : undefined,
				exclude: await ids(s.excludeChats),
				from: s.fromUsers.length ? await ids(s.fromUsers) : undefined,
			},
		};
	});
}
