// The engine's few timers, by name, so closing it can clear every one of them.

export interface EngineSettings {
	/** No update for this long: check updates.getState (Telegram advises ~15 minutes). */
	idleMs: number;
	/** The connection stayed down this long: drop it and connect again. */
	downMs: number;
	/** How often the engine checks that the library has not given up on the connection. */
	healthMs: number;
	/** Wait before retrying a difference that failed (timeout, flood wait, drop). */
	retryMs: number;
	/** Every difference failed for this long: the stream ends with an error instead of waiting on. */
	stallMs: number;
}

export const engineSettings: EngineSettings = {
	idleMs: 15 * 60_000,
	downMs: 30_000,
	healthMs: 5_000,
	retryMs: 2_000,
	stallMs: 10 * 60_000,
};

/** Changes the engine's timings for the whole process (tests shorten them). */
export function configureUpdates(changes: Partial<EngineSettings>): void {
	Object.assign(engineSettings, changes);
}

export class Timers {
	private readonly live = new Map<string, NodeJS.Timeout>();
	private readonly sleepers = new Set<() => void>();

	/** (Re)starts the named timer. */
	set(name: string, ms: number, fn: () => void): void {
		this.clear(name);
		const timer = setTimeout(() => {
			this.live.delete(name);
			fn();
		}, ms);
		// Never the reason a process (or a test run) stays alive.
		timer.unref();
		this.live.set(name, timer);
	}

	clear(name: string): void {
		const timer = this.live.get(name);
		if (timer) clearTimeout(timer);
		this.live.delete(name);
	}

	clearAll(): void {
		for (const timer of this.live.values()) clearTimeout(timer);
		this.live.clear();
		for (const wake of this.sleepers) wake();
		this.sleepers.clear();
	}

	/** Resolves after `ms`, or at once when the timers are cleared (closing never waits). */
	async sleep(name: string, ms: number): Promise<void> {
		await new Promise<void>((resolve) => {
			const wake = () => {
				this.sleepers.delete(wake);
				this.clear(name);
				resolve();
			};
			this.sleepers.add(wake);
			this.set(name, ms, wake);
		});
	}
}
