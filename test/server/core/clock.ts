// Server message ids and server salts.
import { createHmac } from 'node:crypto';
import { randomBytes } from './crypto';

/** Server msg_ids: unix time · 2^32 + fraction, increasing, ≡1 (answer) or ≡3 (push) mod 4. */
export class MsgIdClock {
	private last = 0n;

	next(kind: 1 | 3): bigint {
		const now = Date.now();
		const sec = Math.floor(now / 1000);
		// Fraction of the second in units of 2^-32 s, rounded down to a multiple of 4 (no bitwise
		// ops: they would wrap above 2^31).
		const frac = Math.floor(((now % 1000) / 1000) * 0x40000000) * 4;
		let id = (BigInt(sec) << 32n) | BigInt(frac);
		const floor = (this.last & ~3n) + 4n;
		if (id < floor) id = floor;
		id |= BigInt(kind);
		this.last = id;
		return id;
	}
}

/** Time of a client msg_id in seconds. */
export function msgIdSeconds(msgId: bigint): number {
	return Number(msgId >> 32n);
}

// A salt is valid for an hour plus 30 minutes of overlap with the next one, like Telegram's.
export const SALT_PERIOD = 3600;
const SALT_OVERLAP = 1800;

export interface FutureSalt {
	validSince: number;
	validUntil: number;
	salt: bigint;
}

/** Salts derived from a per-process secret, the auth key id and the hour: no state to keep. */
export class SaltBook {
	private readonly secret = randomBytes(32);
	/** Keys made by a handshake here: their spec-given first salt is good for its first 30 minutes. */
	private readonly initial = new Map<bigint, { salt: bigint; until: number }>();

	noteInitial(keyId: bigint, salt: bigint, nowSec = Date.now() / 1000): void {
		this.initial.set(keyId, { salt, until: nowSec + SALT_OVERLAP });
		if (this.initial.size > 10_000) this.initial.delete(this.initial.keys().next().value!);
	}

	saltFor(keyId: bigint, slot: number): bigint {
		const h = createHmac('sha256', this.secret);
		const b = Buffer.allocUnsafe(16);
		b.writeBigInt64LE(keyId, 0);
		b.writeBigInt64LE(BigInt(slot), 8);
		return h.update(b).digest().readBigInt64LE(0);
	}

	currentSlot(nowSec = Date.now() / 1000): number {
		return Math.floor(nowSec / SALT_PERIOD);
	}

	/** Accepts this hour's salt, and last hour's during the overlap. */
	isValid(keyId: bigint, salt: bigint, nowSec = Date.now() / 1000): boolean {
		const slot = this.currentSlot(nowSec);
		if (salt === this.saltFor(keyId, slot)) return true;
		const first = this.initial.get(keyId);
		if (first && first.salt === salt && nowSec < first.until) return true;
		return nowSec - slot * SALT_PERIOD < SALT_OVERLAP && salt === this.saltFor(keyId, slot - 1);
	}

	future(keyId: bigint, num: number, nowSec = Date.now() / 1000): FutureSalt[] {
		const first = this.currentSlot(nowSec);
		const out: FutureSalt[] = [];
		for (let i = 0; i < num; i++) {
			const validSince = (first + i) * SALT_PERIOD;
			out.push({
				validSince,
				validUntil: validSince + SALT_PERIOD + SALT_OVERLAP,
				salt: this.saltFor(keyId, first + i),
			});
		}
		return out;
	}
}
