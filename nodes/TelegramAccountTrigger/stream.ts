// From the update engine's events to n8n emits, one at a time and in order: position bookkeeping,
// filters, de-duplication, albums and the catch-up bound, then one emit per delivery.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Tl } from '../shared/transport/serialize';
import type { DeletedEvent, MessageEvent, UpdateEvent, UpdateState } from '../shared/updates/types';
import { Gatherer, type Flushable } from './gather';
import { deletionMatches, messageMatches, type PeerSets } from './filters';
import { deliveryJson, eventKey, textKey, type Delivery, type SeenText } from './output';
import { mergeStates, ptsOf, setPts, type PendingEntry, type PositionStore } from './position';
import type { TriggerSettings } from './settings';

/** Texts remembered for deletions (per activation). */
const TEXT_MEMORY = 2000;

export interface StreamHost {
	settings: TriggerSettings;
	peers: PeerSets;
	selfId?: string;
	store: PositionStore;
	/** Replays of unconfirmed messages are re-emitted (n8n de-duplicates them by key). */
	replayUnconfirmed: boolean;
	/** Catch-up older than this (unix seconds) is skipped; 0 = no bound. */
	notBefore: number;
	/** Adds what the item carries besides JSON (media as binary), before the position is saved. */
	prepare(json: IDataObject, delivery: Delivery): Promise<INodeExecutionData>;
	/** Hands one item to n8n; the promise settles when its execution is known to have finished. */
	emit(item: INodeExecutionData, delivery: Delivery): Promise<void>;
	/** Fails the emit loop: reported by the host (emitError). */
	onError(error: Error): void;
}

type Job =
	| { type: 'events'; events: UpdateEvent[]; snapshot?: UpdateState }
	| { type: 'flush'; what: Flushable; force: boolean };

export class TriggerStream {
	private readonly queue: Job[] = [];
	private draining?: Promise<void>;
	private running: UpdateState;
	private readonly lastBefore = new Map<string, number>();
	private readonly pending = new Map<string, PendingEntry>();
	readonly texts = new Map<string, SeenText>();
	private readonly gather: Gatherer;
	closed = false;

	constructor(
		private readonly host: StreamHost,
		start: UpdateState | undefined,
		private readonly maxPending = 1000,
	) {
		this.running = start ?? { pts: 0, qts: 0, seq: 0, date: 0, channels: {} };
		this.gather = new Gatherer(host.settings, (job) => this.push(job));
		this.gather.onDrop = (d) => this.drop(d);
	}

	/** The engine's listener: synchronous, so only queues; `snapshot` is the state after it. */
	onEvents(events: UpdateEvent[], snapshot?: UpdateState): void {
		if (this.closed) return;
		this.push({ type: 'events', events, snapshot });
	}

	/**
	 * The subscription is up: its state is taken as the position unless events are still queued
	 * (their own snapshots advance it then; taking it early would pass messages not yet emitted).
	 */
	started(state: UpdateState): void {
		if (!this.draining && this.queue.length === 0) {
			this.running = mergeStates(this.running, state);
		}
	}

	position(): UpdateState {
		return this.running;
	}

	pendingEntries(): PendingEntry[] {
		return [...this.pending.values()];
	}

	/** Stops taking events; resolves when the emit in progress (if any) is done. */
	async close(): Promise<void> {
		this.closed = true;
		this.queue.length = 0;
		this.gather.close();
		await this.draining;
	}

	private push(job: Job): void {
		if (this.closed) return;
		this.queue.push(job);
		this.draining ??= this.drain().finally(() => (this.draining = undefined));
	}

	private async drain(): Promise<void> {
		while (this.queue.length && !this.closed) {
			const job = this.queue.shift()!;
			try {
				const ready =
					job.type === 'flush'
						? this.gather.flush(job.what, job.force)
						: this.takeEvents(job.events, job.snapshot);
				for (const delivery of ready) await this.deliver(delivery);
			} catch (error) {
				this.host.onError(error as Error);
			}
		}
	}

	private takeEvents(events: UpdateEvent[], snapshot?: UpdateState): Delivery[] {
		const ready: Delivery[] = [];
		for (const event of events) {
			const entry = this.advance(event);
			const delivery = this.accept(event, entry);
			if (delivery) ready.push(...this.gather.add(delivery, event));
		}
		if (snapshot) this.running = mergeStates(this.running, snapshot);
		return ready;
	}

	/** Moves the running position past the event; returns its pending entry (before-pts). */
	private advance(event: UpdateEvent): PendingEntry {
		const { box, pts } = event.position;
		const now = ptsOf(this.running, box);
		// Several events of one update share its pts: they all resume from before the first.
		const before =
			now === undefined || pts < now
				? pts - 1
				: pts > now
					? now
					: (this.lastBefore.get(box) ?? pts - 1);
		this.lastBefore.set(box, before);
		if (now === undefined || pts > now) setPts(this.running, box, pts);
		const id = event.kind === 'new' ? Number(event.message.id) : undefined;
		return { key: eventKey(event), box, pts: before, id, emitted: false };
	}

	private accept(event: UpdateEvent, entry: PendingEntry): Delivery | undefined {
		const { settings: s, peers } = this.host;
		let chatId = event.chatId;
		if (event.kind === 'deleted') {
			chatId ||= this.chatOfDeleted(event);
			if (!deletionMatches({ ...event, chatId }, s, peers)) return undefined;
		} else {
			this.remember(event);
			if (!messageMatches(event, s, peers, this.host.selfId)) return undefined;
			const date = Number(event.message.date ?? 0);
			if (event.catchUp && this.host.notBefore && date < this.host.notBefore) return undefined;
		}
		if (this.host.store.alreadyEmitted(entry.key, this.host.replayUnconfirmed)) return undefined;
		if (this.pending.has(entry.key)) return undefined;
		this.pending.set(entry.key, entry);
		return {
			kind: event.kind,
			chatId,
			events: [event],
			keys: [entry.key],
			entries: [entry],
			catchUp: event.catchUp,
		};
	}

	private remember(event: MessageEvent): void {
		const m = event.message as Tl;
		const key = textKey(event.chatId, Number(m.id));
		this.texts.delete(key);
		this.texts.set(key, {
			chatId: event.chatId,
			text: typeof m.message === 'string' ? m.message : '',
		});
		if (this.texts.size > TEXT_MEMORY) this.texts.delete(this.texts.keys().next().value!);
	}

	private chatOfDeleted(event: DeletedEvent): string {
		for (const id of event.messageIds) {
			const seen = this.texts.get(textKey('', id));
			if (seen) return seen.chatId;
		}
		return '';
	}

	/** Dropped by the catch-up bound: done without an execution. */
	drop(delivery: Delivery): void {
		for (const e of delivery.entries) this.pending.delete(e.key);
	}

	/** An n8n that never reports executions done must not grow the static data without end. */
	private trimPending(): void {
		for (const [key, entry] of this.pending) {
			if (this.pending.size <= this.maxPending) return;
			if (entry.emitted) this.pending.delete(key);
		}
	}

	private async deliver(d: Delivery): Promise<void> {
		if (this.closed) return;
		if (d.entries.length === 0) return;
		const item = await this.host.prepare(deliveryJson(d, this.texts, this.host.selfId), d);
		if (this.closed) return;
		for (const e of d.entries) e.emitted = true;
		this.host.store.markEmitted(d.keys);
		this.trimPending();
		this.host.store.save(this.running, this.pending.values());
		const done = this.host.emit(item, d);
		void done.then(
			() => {
				for (const e of d.entries) this.pending.delete(e.key);
			},
			() => undefined,
		);
	}
}
