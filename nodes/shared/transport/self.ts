// The logged-in user. Its id comes free with the connection (GramJS learns it at connect); the
// full user is asked once per pooled client, for outgoing messages that name it as sender.
import { type Api, type TelegramAccountClient } from './client';
import { cacheOf, type CacheKey } from './caches';

const SELF: CacheKey<{ user?: Promise<Api.User> }> = { name: 'self', create: () => ({}) };

/** The logged-in user (users.getUsers once per pooled client; a failure is not kept). */
export async function selfUser(client: TelegramAccountClient): Promise<Api.User> {
	const held = cacheOf(client, SELF);
	if (!held.user) {
		const pending = client.getMe(false) as Promise<Api.User>;
		held.user = pending;
		pending.catch(() => {
			if (held.user === pending) held.user = undefined;
		});
	}
	return await held.user;
}

/** Starts asking for the logged-in user alongside a first send, not a round trip after it. */
export function prefetchSelf(client: TelegramAccountClient): void {
	selfUser(client).catch(() => undefined);
}

/** The logged-in user's id, as a decimal string. */
export async function selfId(client: TelegramAccountClient): Promise<string> {
	const me = (await client.getMe(true)) as Api.InputPeerUser;
	return String(me.userId);
}
