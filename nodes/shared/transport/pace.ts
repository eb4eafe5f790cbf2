// A per-account send pace shared by every execution in the process: bulk sends stay under
// Telegram's flood limits instead of running into FLOOD_WAIT / PEER_FLOOD and risking a ban.
import { sleep } from 'n8n-workflow';

import type { TelegramAccountClient } from './client';
import { credentialKey } from './credential';

/** Per account: the earliest moment the next send may start (ms since the epoch). */
const nextSlot = new Map<string, number>();

function accountKey(client: TelegramAccountClient): string {
	let key = client.caches.get('paceKey') as string | undefined;
	if (!key) {
		key = credentialKey(client.credential);
		client.caches.set('paceKey', key);
	}
	return key;
}

/**
 * Waits for this account's next send slot when a pace is set (at most `perSecond` sends per
 * second); 0 or less means no pace. Slots are reserved in call order, so concurrent executions
 * queue behind each other rather than bursting.
 */
export async function waitForSendSlot(
	client: TelegramAccountClient,
	perSecond: number,
): Promise<void> {
	if (!(perSecond > 0)) return;
	const key = accountKey(client);
	const now = Date.now();
	const slot = Math.max(now, nextSlot.get(key) ?? 0);
	nextSlot.set(key, slot + 1000 / perSecond);
	if (slot > now) await sleep(slot - now);
}

/** Forgets every reserved slot (tests). */
export function resetSendPace(): void {
	nextSlot.clear();
}
