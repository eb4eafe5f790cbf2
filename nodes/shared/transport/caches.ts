// Typed state kept on a pooled client: each module declares its key with the value's type and how
// to make it, so a cache lives and dies with its client and no caller casts what it reads back.
import type { TelegramAccountClient } from './client';

export interface CacheKey<T> {
	readonly name: string;
	create(): T;
}

/** The value this client holds under `key`, made on first use. */
export function cacheOf<T>(client: TelegramAccountClient, key: CacheKey<T>): T {
	const held = client.caches.get(key.name) as T | undefined;
	if (held !== undefined) return held;
	const value = key.create();
	client.caches.set(key.name, value);
	return value;
}
