// One subscriber's own catch-up from its saved position: the account's difference, then each
// channel it followed or the server hinted at. Its events reach only that subscriber; the shared
// engine goes on live meanwhile and the subscriber's filter drops what it got twice.
import type { LogSink } from '../transport/logger';
import { channelDifference, commonDifference, type DiffTarget } from './difference';
import type { EntityStore } from './entities';
import { asError, failureAction, stalled } from './failures';
import type { UpdateFeed } from './feed';
import { copyState, type Delivery, type Subscriber } from './subscriber';
import { engineSettings } from './timers';
import type { UpdateState } from './types';

export interface CatchUpHost {
	/** The connected feed, or undefined while the connection is being replaced. */
	feed(): UpdateFeed | undefined;
	readonly store: EntityStore;
	readonly log: LogSink;
	stopped(): boolean;
	sleep(ms: number): Promise<void>;
	fatal(error: Error): void;
}

export interface CatchUpRequest {
	from: UpdateState;
	/** Unix seconds: older recovered messages are not handed out. */
	notBefore: number;
	signal?: AbortSignal;
}

const dateOf = (d: Delivery) =>
	d.event.kind === 'deleted' ? Number.MAX_SAFE_INTEGER : (d.event.message.date as number);

/** Runs the catch-up to the server's present; false when it ended early (fatal, closed). */
export async function catchUp(host: CatchUpHost, sub: Subscriber, req: CatchUpRequest) {
	const { from, notBefore, signal } = req;
	const target: DiffTarget = {
		get state() {
			return sub.position;
		},
		floor: Math.max(from.date, notBefore),
		store: host.store,
		signal,
		commit: (batch, common, channel) => {
			// The position first: a consumer saves state() while it handles the batch.
			if (common) Object.assign(sub.position, common);
			if (channel) sub.position.channels[channel.id] = channel.pts;
			sub.handOver(batch.filter((d) => dateOf(d) >= notBefore));
		},
	};
	sub.position = copyState(from);
	const channels = new Set(Object.keys(from.channels));
	let common = true;
	const running = () => !host.stopped() && !sub.closed && !signal?.aborted;
	// Each round resumes where the last one got to: a failed request never skips anything.
	let failingSince: number | undefined;
	while (running()) {
		let current = 'common';
		try {
			const feed = host.feed();
			if (!feed) throw new Error('not connected');
			if (common) for (const id of (await commonDifference(feed, target)).keys()) channels.add(id);
			common = false;
			for (const id of channels) {
				current = id;
				if (running()) await channelDifference(feed, target, id);
				channels.delete(id);
			}
			return running();
		} catch (error) {
			failingSince ??= Date.now();
			const action = failureAction(error, current !== 'common');
			if (action.kind === 'fatal') {
				host.fatal(asError(error));
				return false;
			}
			if (action.kind === 'skip') {
				channels.delete(current);
				delete sub.position.channels[current];
				continue;
			}
			host.log.warn(`Telegram updates: catch-up paused, retrying: ${asError(error).message}`);
			if (Date.now() - failingSince >= engineSettings.stallMs) {
				host.fatal(stalled(error));
				return false;
			}
			await host.sleep(action.ms);
		}
	}
	return false;
}
