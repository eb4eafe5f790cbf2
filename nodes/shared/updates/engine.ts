// One account's update engine: drives the boxes (boxes.ts) from a feed — live pushes, gap timers,
// the difference, reconnects — and hands events to its subscribers. It does not own the
// connection: index.ts attaches it to a pooled client's feed and re-attaches it after a loss.
import { TransportError } from '../transport/errors';
import type { LogSink } from '../transport/logger';
import type { Tl } from '../transport/serialize';
import { AccountBoxes } from './boxes';
import { catchUp, type CatchUpHost } from './catchup';
import { DIALOG_LIMIT, channelDifference, commonDifference, type DiffTarget } from './difference';
import { EntityStore } from './entities';
import { asError, failureAction, stalled } from './failures';
import type { ConnectionState, UpdateFeed } from './feed';
import { normalize } from './normalize';
import { furthest, Subscriber, type Delivery } from './subscriber';
import { Timers, engineSettings } from './timers';
import type { UpdateState } from './types';

export interface EngineHooks {
	/** The session is dead (revoked, duplicated, deactivated): nothing can go on. */
	fatal(error: Error): void;
	/** The connection is gone for good: the owner reconnects and attaches a new feed. */
	lost(): void;
}

export class UpdateEngine {
	readonly store = new EntityStore();
	readonly subscribers = new Set<Subscriber>();
	private readonly boxes = new AccountBoxes(this.store);
	private feed?: UpdateFeed;
	private unlisten?: () => void;
	private selfId = '';
	/** Boxes that need their difference: 'common' or channel ids, one at a time. */
	private readonly wanted = new Set<string>();
	private pumping = false;
	/** After a failed request, no difference before this time (ms): the retry timer resumes. */
	private pausedUntil = 0;
	/** When the differences started failing without a success since (ms), for the stall bound. */
	private failingSince?: number;
	/** Live updates that arrived while a difference ran: applied after it. */
	private backlog: Tl[] = [];
	private readonly timers = new Timers();
	private sleeps = 0;
	private generation = 0;
	closed = false;

	constructor(
		private readonly hooks: EngineHooks,
		private readonly log: LogSink,
	) {}

	/** The engine's position (what it applied), as a consumer would save it. */
	state(): UpdateState {
		return this.boxes.state();
	}

	/** Starts on a connected feed: from the server's state the first time, else by catching up. */
	async attach(feed: UpdateFeed): Promise<void> {
		this.detach();
		this.feed = feed;
		// A pump still waiting on the old connection's request must not run beside the new one.
		this.generation++;
		this.backlog = [];
		// Listen first: what arrives during the start requests waits in the backlog.
		this.pumping = true;
		this.unlisten = feed.listen(
			(raw) => this.onRaw(raw),
			(state) => this.onConnection(state),
		);
		try {
			if (!this.selfId) this.selfId = String((await feed.getSelf()).id);
			if (!this.boxes.started) {
				this.boxes.learnDialogs(await feed.getDialogs(DIALOG_LIMIT));
				this.boxes.start(await feed.getState());
			} else this.wanted.add('common');
		} finally {
			this.pumping = false;
		}
		this.touch();
		this.checkHealth();
		void this.pump();
	}

	detach(): void {
		this.unlisten?.();
		this.unlisten = undefined;
		this.feed = undefined;
	}

	close(): void {
		this.closed = true;
		this.detach();
		this.timers.clearAll();
		this.subscribers.clear();
	}

	/** A subscriber joins: live at once, or after its own catch-up from `from`. */
	add(sub: Subscriber, from?: UpdateState, notBefore?: number, signal?: AbortSignal): void {
		this.subscribers.add(sub);
		sub.onListenerError = (error) =>
			this.log.error(`Telegram updates: a listener failed: ${asError(error).message}`);
		if (!from) {
			sub.position = furthest(sub.position, this.state());
			return;
		}
		sub.catchingUp = true;
		void this.catchUp(sub, from, notBefore ?? 0, signal);
	}

	private async catchUp(
		sub: Subscriber,
		from: UpdateState,
		notBefore: number,
		signal?: AbortSignal,
	) {
		const host: CatchUpHost = {
			feed: () => this.feed,
			store: this.store,
			log: this.log,
			stopped: () => this.closed,
			sleep: async (ms) => await this.timers.sleep(`catchUp:${this.sleeps++}`, ms),
			fatal: (error) => this.hooks.fatal(error),
		};
		const done = await catchUp(host, sub, { from, notBefore, signal });
		if (!done || this.closed || sub.closed) return;
		// Channels the engine has no base for start where this catch-up ended, so none is skipped.
		this.boxes.seedChannels(sub.position.channels);
		sub.goLive(this.state());
	}

	private onRaw(raw: Tl): void {
		if (this.closed) return;
		this.touch();
		if (this.pumping) {
			this.backlog.push(raw);
			return;
		}
		// Runs inside GramJS's receive loop: an exception there would make it reconnect.
		try {
			const applied = this.boxes.apply(
				normalize(raw, this.selfId, this.feed as UpdateFeed),
				Date.now(),
			);
			this.publish(applied.batch);
			for (const box of applied.wants) this.want(box);
			this.scheduleGaps();
		} catch (error) {
			this.log.error(`Telegram updates: an update could not be applied: ${asError(error).message}`);
			this.want('common');
		}
	}

	private publish(batch: Delivery[]): void {
		const after = this.state();
		for (const sub of this.subscribers) sub.deliver(batch, after);
	}

	private want(box: string): void {
		this.wanted.add(box);
		void this.pump();
	}

	private scheduleGaps(): void {
		const deadline = this.boxes.nextGapDeadline();
		if (deadline === undefined) return this.timers.clear('gap');
		this.timers.set('gap', Math.max(0, deadline - Date.now()), () => {
			for (const box of this.boxes.expiredGaps(Date.now())) this.wanted.add(box);
			void this.pump();
			this.scheduleGaps();
		});
	}

	/** Runs the wanted differences one at a time, then the live updates held meanwhile. */
	private async pump(): Promise<void> {
		if (this.pumping || this.closed || !this.feed || Date.now() < this.pausedUntil) return;
		this.pumping = true;
		const generation = this.generation;
		const current = () => !this.closed && this.feed !== undefined && generation === this.generation;
		while (this.wanted.size && current()) {
			const box = this.wanted.values().next().value as string;
			this.wanted.delete(box);
			try {
				const feed = this.feed as UpdateFeed;
				if (box === 'common') {
					const hints = await commonDifference(feed, this.target());
					for (const id of hints.keys()) this.wanted.add(id);
				} else await channelDifference(feed, this.target(), box);
				this.failingSince = undefined;
			} catch (error) {
				if (!current() || !this.failed(error, box)) break;
			}
		}
		if (generation !== this.generation) return;
		this.pumping = false;
		const backlog = this.backlog;
		this.backlog = [];
		for (const raw of backlog) this.onRaw(raw);
	}

	/** The engine as a difference target: commits move its boxes and reach every subscriber. */
	private target(): DiffTarget {
		const boxes = this.boxes;
		return {
			get state() {
				return boxes.state();
			},
			floor: boxes.date,
			store: this.store,
			commit: (batch, common, channel) =>
				this.publish(boxes.commit(batch, Date.now(), common, channel)),
		};
	}

	private onConnection(state: ConnectionState): void {
		if (this.closed) return;
		if (state === 'broken') {
			// GramJS saw transport error -404: the server forgot the key, the session is gone.
			this.hooks.fatal(new TransportError('authKeyUnknown'));
			return;
		}
		if (state === 'connected') {
			this.timers.clear('down');
			// Whatever arrived while the connection was down is only in the difference.
			this.want('common');
			return;
		}
		this.timers.set('down', engineSettings.downMs, () => this.hooks.lost());
	}

	/** GramJS may stop reconnecting without a word: then the owner replaces the connection. */
	private checkHealth(): void {
		this.timers.set('health', engineSettings.healthMs, () => {
			if (this.closed || !this.feed) return;
			if (this.feed.gaveUp()) this.hooks.lost();
			else this.checkHealth();
		});
	}

	/** Quiet for a long time: ask for the state; if it moved, the pushes were lost. */
	private touch(): void {
		this.timers.set('idle', engineSettings.idleMs, () => void this.checkState());
	}

	private async checkState(): Promise<void> {
		this.touch();
		if (!this.feed || this.closed) return;
		try {
			const s = await this.feed.getState();
			if ((s.pts as number) > this.boxes.pts) this.want('common');
		} catch (error) {
			if (failureAction(error, false).kind === 'fatal') this.hooks.fatal(asError(error));
		}
	}

	/**
	 * A dead session is fatal; a channel Telegram no longer lets the account read is dropped; the
	 * rest is retried later on the same connection. True when the pump may go on.
	 */
	private failed(error: unknown, box: string): boolean {
		if (this.closed) return false;
		const action = failureAction(error, box !== 'common');
		if (action.kind === 'fatal') {
			this.hooks.fatal(asError(error));
			return false;
		}
		if (action.kind === 'skip') {
			this.boxes.dropChannel(box);
			return true;
		}
		this.wanted.add(box);
		if (this.feed?.gaveUp()) {
			this.hooks.lost();
			return false;
		}
		this.log.warn(`Telegram updates: difference paused, retrying: ${asError(error).message}`);
		// Retrying for ever would be a silent stall (an update the library cannot read, say).
		const now = Date.now();
		this.failingSince ??= now;
		if (now - this.failingSince >= engineSettings.stallMs) {
			this.hooks.fatal(stalled(error));
			return false;
		}
		this.pausedUntil = Date.now() + action.ms;
		this.timers.set('retry', action.ms, () => {
			this.pausedUntil = 0;
			void this.pump();
		});
		return false;
	}
}
