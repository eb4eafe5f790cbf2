// A per-account send pace shared by every execution in the process: bulk sends stay under
// Telegram's flood limits instead of running into FLOOD_WAIT / PEER_FLOOD and risking a ban.
import { cancellableSleep } from './cancel';
import type { TelegramAccountClient } from './client';

/** Per account (client.accountId()): the earliest moment the next send may start (ms since the epoch). */
const nextSlot = new Map<string, number>();

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
	// Keyed by the account, not the credential: two credentials (sessions) of one account share it.
	const key = await client.accountId();
	const now = Date.now();
	const slot = Math.max(now, nextSlot.get(key) ?? 0);
	nextSlot.set(key, slot + 1000 / perSecond);
	if (slot > now) await cancellableSleep(slot - now);
}

/** Forgets every reserved slot (tests). */
export function resetSendPace(): void {
	nextSlot.clear();
}
