// One account's update engine: the boxes (account pts + seq, one pts per channel), the live path,
// gap filling from the difference, and the subscribers it hands events to. It does not own the
// connection: connection.ts attaches it to a feed and re-attaches it after a loss.
import { TransportError } from '../transport/errors';
import type { LogSink } from '../transport/logger';
import type { Tl } from '../transport/serialize';
import { SequenceBox, type Step } from './box';
import {
	DIALOG_LIMIT,
	channelDifference,
	commonDifference,
	type CommonPosition,
	type DiffTarget,
} from './difference';
import { catchUp, type CatchUpHost } from './catchup';
import { EntityStore } from './entities';
import { eventsOf } from './events';
import { asError, failureAction } from './failures';
import type { ConnectionState, UpdateFeed } from './feed';
import { normalize, type Change } from './normalize';
import { furthest, noteMaxId, Subscriber, type Delivery } from './subscriber';
import type { UpdateState } from './types';
import { Timers, engineSettings } from './timers';

export interface EngineHooks {
	/** The session is dead (revoked, duplicated, deactivated): nothing can go on. */
	fatal(error: Error): void;
	/** The connection stayed down: the owner reconnects and attaches a new feed. */
	lost(): void;
}

export class UpdateEngine {
	readonly store = new EntityStore();
	readonly subscribers = new Set<Subscriber>();
	private feed?: UpdateFeed;
	private unlisten?: () => void;
	private selfId = '';
	private common = new SequenceBox<Change>();
	private seq = new SequenceBox<null>();
	private readonly channels = new Map<string, SequenceBox<Change>>();
	private qts = 0;
	private date = 0;
	private readonly maxIds: Record<string, number> = {};
	/** Boxes that need their difference: 'common' or channel ids (with a hinted pts). */
	private readonly wanted = new Map<string, number | undefined>();
	private pumping = false;
	/** Live updates that arrived while a difference ran: applied after it. */
	private backlog: Tl[] = [];
	private readonly timers = new Timers();
	private sleeps = 0;
	closed = false;

	constructor(
		private readonly hooks: EngineHooks,
		private readonly log: LogSink,
	) {}

	/** The engine's position (what it applied), as a consumer would save it. */
	state(): UpdateState {
		const channels: Record<string, number> = {};
		for (const [id, box] of this.channels) if (box.value !== undefined) channels[id] = box.value;
		return {
			pts: this.common.value ?? 0,
			qts: this.qts,
			seq: this.seq.value ?? 0,
			date: this.date,
			channels,
			maxIds: { ...this.maxIds },
		};
	}

	/** Starts on a connected feed: from the server's state the first time, else by catching up. */
	async attach(feed: UpdateFeed): Promise<void> {
		this.detach();
		this.feed = feed;
		this.backlog = [];
		const started = this.common.value !== undefined;
		// Listen first: what arrives during getState is held in the backlog.
		this.pumping = true;
		this.unlisten = feed.listen(
			(raw) => this.onRaw(raw),
			(state) => this.onConnection(state),
		);
		try {
			if (!this.selfId) this.selfId = String((await feed.getSelf()).id);
			if (!started) {
				await this.learnChannels(feed);
				const s = await feed.getState();
				this.common = new SequenceBox<Change>(s.pts as number);
				this.seq = new SequenceBox<null>(s.seq as number);
				this.qts = s.qts as number;
				this.date = s.date as number;
			} else this.wanted.set('common', undefined);
		} finally {
			this.pumping = false;
		}
		this.touch();
		this.checkHealth();
		void this.pump();
	}

	/** GramJS may stop reconnecting without a word: then the owner replaces the connection. */
	private checkHealth(): void {
		this.timers.set('health', engineSettings.healthMs, () => {
			if (this.closed || !this.feed) return;
			if (this.feed.gaveUp()) this.hooks.lost();
			else this.checkHealth();
		});
	}

	/**
	 * The pts of each channel in the recent dialogs, asked before getState: a channel's first live
	 * update is then checked like any other, and a hint for it needs no history refetch.
	 */
	private async learnChannels(feed: UpdateFeed): Promise<void> {
		const dialogs = await feed.getDialogs(DIALOG_LIMIT);
		this.store.add([...list(dialogs.users), ...list(dialogs.chats)]);
		for (const dialog of list(dialogs.dialogs)) {
			const peer = dialog.peer as Tl;
			if (peer?.className !== 'PeerChannel' || typeof dialog.pts !== 'number') continue;
			this.channels.set(String(peer.channelId), new SequenceBox<Change>(dialog.pts));
		}
		// Everything up to the top messages is history a live subscriber has "seen".
		for (const message of list(dialogs.messages)) {
			const peer = message.peerId as Tl | undefined;
			const box = peer?.className === 'PeerChannel' ? String(peer.channelId) : 'common';
			if (typeof message.id === 'number') {
				this.maxIds[box] = Math.max(this.maxIds[box] ?? 0, message.id);
			}
		}
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
		for (const [id, pts] of Object.entries(sub.position.channels)) {
			if (this.channels.get(id)?.value === undefined) {
				this.channels.set(id, new SequenceBox<Change>(pts));
			}
		}
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
			this.apply(raw);
		} catch (error) {
			this.log.error(`Telegram updates: an update could not be applied: ${asError(error).message}`);
			this.want('common');
		}
	}

	private apply(raw: Tl): void {
		const now = Date.now();
		const incoming = normalize(raw, this.selfId, this.feed as UpdateFeed);
		this.store.add([...incoming.users, ...incoming.chats]);
		if (incoming.kind === 'tooLong' || incoming.opaque) this.want('common');
		if (incoming.seq) {
			const { start, end } = incoming.seq;
			this.seq.offer({ value: end, count: end - start + 1, item: null }, now);
		}
		const batch: Delivery[] = [];
		for (const change of incoming.changes) {
			if (change.needs.some((id) => !this.store.has(id))) {
				// A short form whose sender the engine never saw: the difference brings it with it.
				this.want(change.box);
				continue;
			}
			const box = this.boxOf(change);
			const step: Step<Change> = { value: change.pts, count: change.count, item: change };
			for (const s of box.offer(step, now).apply) batch.push(...this.eventsOfStep(s));
		}
		for (const other of incoming.others) this.applyOther(other);
		if (incoming.date) this.date = Math.max(this.date, incoming.date);
		this.publish(batch);
		this.scheduleGaps();
	}

	private boxOf(change: Change): SequenceBox<Change> {
		if (change.box === 'common') return this.common;
		let box = this.channels.get(change.box);
		if (!box) {
			// A channel with no base yet: its first update is taken as it is.
			box = new SequenceBox<Change>(change.pts - change.count);
			this.channels.set(change.box, box);
		}
		return box;
	}

	private eventsOfStep(step: Step<Change>): Delivery[] {
		const position = { box: step.item.box, pts: step.value };
		return eventsOf(step.item.update, position, false, this.store).map((event) => ({
			event,
			exact: true,
		}));
	}

	private applyOther(update: Tl): void {
		if (update.className === 'UpdateChannelTooLong') {
			this.want(String(update.channelId), update.pts as number | undefined);
		}
		if (typeof update.qts === 'number') this.qts = Math.max(this.qts, update.qts);
	}

	private publish(batch: Delivery[]): void {
		for (const d of batch) noteMaxId(this.maxIds, d.event);
		const after = this.state();
		for (const sub of this.subscribers) sub.deliver(batch, after);
	}

	private want(box: string, pts?: number): void {
		this.wanted.set(box, pts);
		void this.pump();
	}

	private scheduleGaps(): void {
		const deadlines = [this.common, this.seq, ...this.channels.values()]
			.map((b) => b.gapDeadline)
			.filter((d): d is number => d !== undefined);
		if (!deadlines.length) return this.timers.clear('gap');
		const wait = Math.max(0, Math.min(...deadlines) - Date.now());
		this.timers.set('gap', wait, () => this.gapsExpired());
	}

	private gapsExpired(): void {
		const now = Date.now();
		if (this.common.gapExpired(now) || this.seq.gapExpired(now))
			this.wanted.set('common', undefined);
		for (const [id, box] of this.channels) if (box.gapExpired(now)) this.wanted.set(id, undefined);
		void this.pump();
		this.scheduleGaps();
	}

	/** Runs the wanted differences one at a time, then the live updates held meanwhile. */
	private async pump(): Promise<void> {
		if (this.pumping || this.closed || !this.feed) return;
		this.pumping = true;
		while (this.wanted.size && !this.closed && this.feed) {
			const box = this.wanted.keys().next().value as string;
			this.wanted.delete(box);
			try {
				if (box === 'common') {
					const hints = await commonDifference(this.feed, this.target());
					for (const [id, pts] of hints) this.wanted.set(id, pts);
				} else await channelDifference(this.feed, this.target(), box);
			} catch (error) {
				if (!this.failed(error, box)) break;
			}
		}
		this.pumping = false;
		const backlog = this.backlog;
		this.backlog = [];
		for (const raw of backlog) this.onRaw(raw);
	}

	/** The engine as a difference target: commits move its boxes and reach every subscriber. */
	private target(): DiffTarget {
		const state = () => this.state();
		return {
			get state() {
				return state();
			},
			floor: this.date,
			store: this.store,
			commit: (batch, common, channel) => {
				// Held live updates past the new position come after the difference's own events.
				const held = [
					...(common ? this.commitCommon(common) : []),
					...(channel ? this.commitChannel(channel.id, channel.pts) : []),
				];
				this.publish([...batch, ...held.flatMap((s) => this.eventsOfStep(s))]);
			},
		};
	}

	private commitCommon(p: CommonPosition): Array<Step<Change>> {
		const now = Date.now();
		this.seq.reset(p.seq, now);
		this.qts = p.qts;
		this.date = Math.max(this.date, p.date);
		return this.common.reset(p.pts, now);
	}

	private commitChannel(id: string, pts: number): Array<Step<Change>> {
		let box = this.channels.get(id);
		if (!box) this.channels.set(id, (box = new SequenceBox<Change>(pts)));
		return box.reset(pts, Date.now());
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

	/** Quiet for a long time: ask for the state; if it moved, the pushes were lost. */
	private touch(): void {
		this.timers.set('idle', engineSettings.idleMs, () => void this.checkState());
	}

	private async checkState(): Promise<void> {
		this.touch();
		if (!this.feed || this.closed) return;
		try {
			const s = await this.feed.getState();
			if ((s.pts as number) > (this.common.value ?? 0)) this.want('common');
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
			this.channels.delete(box);
			return true;
		}
		this.wanted.set(box, undefined);
		if (this.feed?.gaveUp()) {
			this.hooks.lost();
			return false;
		}
		this.log.warn(`Telegram updates: difference paused, retrying: ${asError(error).message}`);
		this.timers.set('retry', action.ms, () => void this.pump());
		return false;
	}
}

function list(value: unknown): Tl[] {
	return Array.isArray(value) ? (value as Tl[]) : [];
}
