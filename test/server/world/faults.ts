// Injected RPC errors / delays and the RPC log, both driven through the control API.

export interface FaultRule {
	/** Method as in the schema ('messages.SendMessage'), case-insensitive; '*' matches all. */
	method: string;
	/** Telegram's error text, e.g. FLOOD_WAIT_30, AUTH_KEY_UNREGISTERED; omit for a pure delay. */
	error?: string;
	/** Default: derived from the text (420 flood, 401 auth, 303 migrate, 406, 500, else 400). */
	code?: number;
	/** How many calls it hits (default 1; a negative number = until cleared). */
	times?: number;
	/** Delay before answering (or failing). */
	delayMs?: number;
	/** Only calls made by this account. */
	userId?: number;
	/** Let this many matching calls through first (a storm spread over a long run). */
	skip?: number;
}

export interface RpcLogEntry {
	time: number;
	method: string;
	userId?: number;
	dcId: number;
	error?: string;
	ms: number;
}

const LOG_CAP = 20_000;

export class Faults {
	private rules: Array<FaultRule & { left: number; skipLeft: number }> = [];
	readonly log: RpcLogEntry[] = [];

	inject(rule: FaultRule): void {
		const times = rule.times ?? 1;
		this.rules.push({ ...rule, left: times < 0 ? Infinity : times, skipLeft: rule.skip ?? 0 });
	}

	clear(): void {
		this.rules = [];
	}

	/** The first rule matching this call, consumed once; every waiting rule counts the call. */
	take(method: string, userId: number | undefined): FaultRule | undefined {
		const m = method.toLowerCase();
		let hit: (typeof this.rules)[number] | undefined;
		for (const r of this.rules) {
			if (r.left <= 0) continue;
			if (r.method !== '*' && r.method.toLowerCase() !== m) continue;
			if (r.userId !== undefined && r.userId !== userId) continue;
			if (r.skipLeft > 0) {
				r.skipLeft--;
				continue;
			}
			if (!hit) {
				hit = r;
				r.left--;
			}
		}
		if (hit) this.rules = this.rules.filter((x) => x.left > 0);
		return hit;
	}

	record(e: RpcLogEntry): void {
		this.log.push(e);
		if (this.log.length > LOG_CAP) this.log.splice(0, this.log.length - LOG_CAP);
	}
}

const CODE_401 = new Set([
	'AUTH_KEY_UNREGISTERED',
	'AUTH_KEY_INVALID',
	'SESSION_REVOKED',
	'SESSION_EXPIRED',
	'USER_DEACTIVATED',
	'SESSION_PASSWORD_NEEDED',
]);
const CODE_403 = new Set([
	'CHAT_WRITE_FORBIDDEN',
	'USER_PRIVACY_RESTRICTED',
	'CHANNEL_PRIVATE',
	'USER_IS_BLOCKED',
	'CHAT_ADMIN_REQUIRED',
]);
const CODE_406 = new Set([
	'AUTH_KEY_DUPLICATED',
	'FRESH_RESET_AUTHORISATION_FORBIDDEN',
	'SEND_CODE_UNAVAILABLE',
]);

/** The rpc_error code Telegram uses for an error text. */
export function errorCode(text: string): number {
	if (/^(FLOOD_WAIT|FLOOD_PREMIUM_WAIT|SLOWMODE_WAIT)_/.test(text)) return 420;
	if (/_MIGRATE_\d+$/.test(text)) return 303;
	if (CODE_401.has(text)) return 401;
	if (CODE_403.has(text)) return 403;
	if (CODE_406.has(text)) return 406;
	if (/^(INTERNAL|RPC_CALL_FAIL|TIMEOUT)/.test(text)) return 500;
	return 400;
}
