// An account's boxes as one state machine with no I/O and no clock of its own: the account's pts
// and seq, a pts per channel, qts, date and the highest message id handed out per box. Fed
// normalized updates and difference results; answers with events and the boxes it needs fetched.
import type { Tl } from '../transport/serialize';
import { SequenceBox, type Step } from './box';
import type { CommonPosition } from './difference';
import type { EntityStore } from './entities';
import { eventsOf } from './events';
import type { Change, Incoming } from './normalize';
import { noteMaxId, type Delivery } from './subscriber';
import type { UpdateState } from './types';

export interface Applied {
	/** Events that now apply, in order. */
	batch: Delivery[];
	/** Boxes whose difference is needed now ('common' or channel ids). */
	wants: string[];
}

const list = (value: unknown): Tl[] => (Array.isArray(value) ? (value as Tl[]) : []);

export class AccountBoxes {
	private common = new SequenceBox<Change>();
	private seq = new SequenceBox<null>();
	private readonly channels = new Map<string, SequenceBox<Change>>();
	private qts = 0;
	date = 0;
	private readonly maxIds: Record<string, number> = {};

	constructor(private readonly store: EntityStore) {}

	get started(): boolean {
		return this.common.value !== undefined;
	}

	get pts(): number {
		return this.common.value ?? 0;
	}

	state(): UpdateState {
		const channels: Record<string, number> = {};
		for (const [id, box] of this.channels) if (box.value !== undefined) channels[id] = box.value;
		const seq = this.seq.value ?? 0;
		return {
			pts: this.pts,
			qts: this.qts,
			seq,
			date: this.date,
			channels,
			maxIds: { ...this.maxIds },
		};
	}

	/**
	 * messages.getDialogs before getState: each channel's pts (so its first live update is checked
	 * like any other) and the top message ids (history a live subscriber counts as seen).
	 */
	learnDialogs(dialogs: Tl): void {
		this.store.add([...list(dialogs.users), ...list(dialogs.chats)]);
		for (const dialog of list(dialogs.dialogs)) {
			const peer = dialog.peer as Tl;
			if (peer?.className !== 'PeerChannel' || typeof dialog.pts !== 'number') continue;
			this.channels.set(String(peer.channelId), new SequenceBox<Change>(dialog.pts));
		}
		for (const message of list(dialogs.messages)) {
			const peer = message.peerId as Tl | undefined;
			const box = peer?.className === 'PeerChannel' ? String(peer.channelId) : 'common';
			if (typeof message.id === 'number')
				this.maxIds[box] = Math.max(this.maxIds[box] ?? 0, message.id);
		}
	}

	/** updates.getState's answer: the account box starts there. */
	start(state: Tl): void {
		this.common = new SequenceBox<Change>(state.pts as number);
		this.seq = new SequenceBox<null>(state.seq as number);
		this.qts = state.qts as number;
		this.date = state.date as number;
	}

	/** Channels a subscriber's catch-up reached that the engine has no base for yet. */
	seedChannels(channels: Record<string, number>): void {
		for (const [id, pts] of Object.entries(channels)) {
			if (this.channels.get(id)?.value === undefined)
				this.channels.set(id, new SequenceBox<Change>(pts));
		}
	}

	dropChannel(id: string): void {
		this.channels.delete(id);
	}

	/** One pushed Updates object, normalized. */
	apply(incoming: Incoming, now: number): Applied {
		const out: Applied = { batch: [], wants: [] };
		this.store.add([...incoming.users, ...incoming.chats]);
		if (incoming.kind === 'tooLong' || incoming.opaque) out.wants.push('common');
		if (incoming.seq) {
			const { start, end } = incoming.seq;
			this.seq.offer({ value: end, count: end - start + 1, item: null }, now);
		}
		for (const change of incoming.changes) {
			if (change.needs.some((id) => !this.store.has(id))) {
				// A short form whose sender the engine never saw: the difference brings it with it.
				out.wants.push(change.box);
				continue;
			}
			const step: Step<Change> = { value: change.pts, count: change.count, item: change };
			for (const s of this.boxOf(change).offer(step, now).apply)
				out.batch.push(...this.eventsOfStep(s));
		}
		for (const other of incoming.others) {
			if (other.className === 'UpdateChannelTooLong') out.wants.push(String(other.channelId));
			if (typeof other.qts === 'number') this.qts = Math.max(this.qts, other.qts);
		}
		if (incoming.date) this.date = Math.max(this.date, incoming.date);
		this.noteMaxIds(out.batch);
		return out;
	}

	/** A difference batch: the boxes move to its position; held updates past it follow its events. */
	commit(
		batch: Delivery[],
		now: number,
		common?: CommonPosition,
		channel?: { id: string; pts: number },
	): Delivery[] {
		const held: Array<Step<Change>> = [];
		if (common) {
			this.seq.reset(common.seq, now);
			this.qts = common.qts;
			this.date = Math.max(this.date, common.date);
			held.push(...this.common.reset(common.pts, now));
		}
		if (channel) {
			let box = this.channels.get(channel.id);
			if (!box) this.channels.set(channel.id, (box = new SequenceBox<Change>(channel.pts)));
			held.push(...box.reset(channel.pts, now));
		}
		const all = [...batch, ...held.flatMap((s) => this.eventsOfStep(s))];
		this.noteMaxIds(all);
		return all;
	}

	/** The earliest moment an open gap must be filled (ms), if any. */
	nextGapDeadline(): number | undefined {
		const deadlines = [this.common, this.seq, ...this.channels.values()]
			.map((b) => b.gapDeadline)
			.filter((d): d is number => d !== undefined);
		return deadlines.length ? Math.min(...deadlines) : undefined;
	}

	/** Boxes whose gap waited long enough. */
	expiredGaps(now: number): string[] {
		const out: string[] = [];
		if (this.common.gapExpired(now) || this.seq.gapExpired(now)) out.push('common');
		for (const [id, box] of this.channels) if (box.gapExpired(now)) out.push(id);
		return out;
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

	private noteMaxIds(batch: Delivery[]): void {
		for (const d of batch) noteMaxId(this.maxIds, d.event);
	}
}
