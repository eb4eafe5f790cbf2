// One account's update engine: the boxes (account pts + seq, one pts per channel), the live path,
// gap filling from the difference, and the subscribers it hands events to. It does not own the
// connection: connection.ts attaches it to a feed and re-attaches it after a loss.
import { isDeadSessionError } from '../transport/errors';
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
import { EntityStore } from './entities';
import { eventsOf } from './events';
import type { ConnectionState, UpdateFeed } from './feed';
import { normalize, type Change } from './normalize';
import { copyState, furthest, noteMaxId, Subscriber, type Delivery } from './subscriber';
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
		void this.pump();
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
		const store = this.store;
		const target: DiffTarget = {
			get state() {
				return sub.position;
			},
			floor: Math.max(from.date, notBefore),
			store,
			signal,
			commit: (batch, common, channel) => {
				const events = batch.filter((d) => notBefore === 0 || messageDate(d) >= notBefore);
				sub.catchingUp = false;
				sub.deliver(events);
				sub.catchingUp = true;
				if (common) Object.assign(sub.position, common);
				if (channel) sub.position.channels[channel.id] = channel.pts;
			},
		};
		sub.position = copyState(from);
		const channels = new Set(Object.keys(from.channels));
		let common = true;
		// Each round resumes where the last one got to: a failed request never skips anything.
		while (!this.closed && !sub.closed && !signal?.aborted) {
			try {
				const feed = this.feed;
				if (!feed) throw new Error('not connected');
				if (common)
					for (const id of (await commonDifference(feed, target)).keys()) channels.add(id);
				common = false;
				for (const id of channels) {
					if (!signal?.aborted) await channelDifference(feed, target, id);
					channels.delete(id);
				}
				break;
			} catch (error) {
				if (isDeadSessionError(error)) return this.failed(error, 'catch-up');
				this.log.warn(`Telegram updates: catch-up failed, retrying: ${(error as Error).message}`);
				await this.timers.sleep(`catchUp:${this.sleeps++}`, engineSettings.retryMs);
			}
		}
		if (this.closed || sub.closed) return;
		// Channels the engine has no base for start where this catch-up ended, so none is skipped.
		for (const [id, pts] of Object.entries(sub.position.channels)) {
			if (!this.channels.get(id)?.value) this.channels.set(id, new SequenceBox<Change>(pts));
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
		this.apply(raw);
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
		try {
			while (this.wanted.size && !this.closed && this.feed) {
				const box = this.wanted.keys().next().value as string;
				this.wanted.delete(box);
				if (box === 'common') {
					const hints = await commonDifference(this.feed, this.target());
					for (const [id, pts] of hints) this.wanted.set(id, pts);
				} else await channelDifference(this.feed, this.target(), box);
			}
		} catch (error) {
			this.failed(error, 'difference');
		} finally {
			this.pumping = false;
		}
		const backlog = this.backlog;
		this.backlog = [];
		for (const raw of backlog) if (!this.closed) this.apply(raw);
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
			this.hooks.fatal(new Error("The server no longer knows this session's key"));
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
			this.failed(error, 'getState');
		}
	}

	/** A dead session is fatal; anything else is retried later on the same connection. */
	private failed(error: unknown, what: string): void {
		if (this.closed) return;
		if (isDeadSessionError(error)) {
			this.hooks.fatal(error instanceof Error ? error : new Error(String(error)));
			return;
		}
		this.log.warn(`Telegram updates: ${what} failed, retrying: ${(error as Error).message}`);
		this.timers.set('retry', engineSettings.retryMs, () => this.want('common'));
	}
}

function list(value: unknown): Tl[] {
	return Array.isArray(value) ? (value as Tl[]) : [];
}

function messageDate(d: Delivery): number {
	return d.event.kind === 'deleted' ? Number.MAX_SAFE_INTEGER : (d.event.message.date as number);
}
