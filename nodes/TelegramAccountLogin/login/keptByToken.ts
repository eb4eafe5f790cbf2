// Values a login keeps in this process's memory for a short while, reachable only by a random
// token: a page the person opens later takes them without n8n ever saving them (decision 0014).
import { randomBytes } from 'crypto';

interface Kept<T> {
	value: T;
	expiresAt: number;
}

/** A value per token, until it is taken, dropped or its lifetime ends. */
export class KeptByToken<T> {
	private readonly kept = new Map<string, Kept<T>>();

	constructor(readonly lifetimeMs: number) {}

	private dropExpired(now: number): void {
		for (const [token, entry] of this.kept) if (entry.expiresAt <= now) this.kept.delete(token);
	}

	/** Keeps `value`; returns its token (32 characters, base64url). */
	keep(value: T): string {
		const now = Date.now();
		this.dropExpired(now);
		const token = randomBytes(24).toString('base64url');
		this.kept.set(token, { value, expiresAt: now + this.lifetimeMs });
		return token;
	}

	/** The value, left in place (undefined once taken, dropped or expired). */
	peek(token: string): T | undefined {
		this.dropExpired(Date.now());
		return this.kept.get(token)?.value;
	}

	/** The value, once: the token is forgotten. */
	take(token: string): T | undefined {
		const value = this.peek(token);
		this.kept.delete(token);
		return value;
	}

	drop(token: string): void {
		this.kept.delete(token);
	}
}
