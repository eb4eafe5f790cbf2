// Telegram's send de-duplication: a send whose random_id the account already used is not sent
// again. Telegram answers it with the message it already has (updateMessageID with the old id, and
// the message with pts_count 0; observed in hydrogram/hydrogram#70), and with RANDOM_ID_DUPLICATE
// (500) when that message is gone.
import { Api } from 'telegram';
import type { TLObject } from '../core/types';
import { messageTl } from './render';
import type { Stored } from './messaging';
import type { World } from './world';

const used = new WeakMap<World, Map<string, Stored>>();

function table(w: World): Map<string, Stored> {
	let t = used.get(w);
	if (!t) used.set(w, (t = new Map()));
	return t;
}

const keyOf = (senderId: number, randomId: unknown) => `${senderId}:${String(randomId)}`;

/** The message this account already sent under `randomId`; throws when it was deleted since. */
export function alreadySent(
	w: World,
	senderId: number,
	randomId: unknown,
): Stored | 'deleted' | undefined {
	if (randomId === undefined || String(randomId) === '0') return undefined;
	const s = table(w).get(keyOf(senderId, randomId));
	if (!s) return undefined;
	return s.store.msgs.get(s.rec.id) === s.rec ? s : 'deleted';
}

export function rememberRandomId(w: World, senderId: number, randomId: unknown, s: Stored): void {
	if (randomId === undefined || String(randomId) === '0') return;
	table(w).set(keyOf(senderId, randomId), s);
}

/** The update of a message sent before, as Telegram repeats it: its old pts, pts_count 0. */
export function replayedUpdate(w: World, viewerId: number, s: Stored): TLObject {
	const message = messageTl(w, viewerId, s.rec) as Api.TypeMessage;
	return s.rec.peer.type === 'channel'
		? new Api.UpdateNewChannelMessage({ message, pts: s.pts, ptsCount: 0 })
		: new Api.UpdateNewMessage({ message, pts: s.pts, ptsCount: 0 });
}
