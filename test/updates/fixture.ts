// Shared set-up of the update-engine tests: a loopback server with an account (Ada), a contact
// (Bob), a basic group and a channel they are both in, and listeners that record what they get.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { parseCredential, type TelegramCredential } from '../../nodes/shared/transport/credential';
import type { LogSink } from '../../nodes/shared/transport/logger';
import { closeAllClients, poolStats } from '../../nodes/shared/transport/pool';
import {
	forgetDeadSessions,
	subscribeUpdates,
	updateEngineStats,
	type UpdateEvent,
	type UpdateState,
	type UpdateSubscription,
} from '../../nodes/shared/updates/index';
import type { SubscribeOptions } from '../../nodes/shared/updates/types';
import { loopbackOptions } from '../helpers/executeContext';
import { sleep, waitFor } from '../helpers/deadline';
import { startTestServer, type TestServer, type TestServerOptions } from '../server/index';

export const API_ID = 611336;
export const API_HASH = 'updates-test-api-hash-7d2a90';

export interface UpdatesWorld {
	ts: TestServer;
	me: number;
	session: string;
	bob: number;
	groupId: number;
	channelId: number;
	credential(options?: Record<string, unknown>): TelegramCredential;
	close(): Promise<void>;
}

/** Silent, unless UPDATES_DEBUG is set when a test is being investigated. */
const say = (m: string) => {
	if (process.env.UPDATES_DEBUG) console.warn(`${new Date().toISOString()} ${m}`);
};
export const quietLog: LogSink = { debug: say, info: say, warn: say, error: say };

export async function startUpdatesWorld(opts: TestServerOptions = {}): Promise<UpdatesWorld> {
	const ts = await startTestServer(opts);
	const c = ts.control;
	const ada = c.createAccount({ phone: '+15550002000', firstName: 'Ada', username: 'ada_upd' });
	const bob = c.createAccount({ phone: '+15550002001', firstName: 'Bob', username: 'bob_upd' });
	const { chatId } = c.createGroup({
		title: 'Team',
		creatorId: bob.userId,
		memberIds: [ada.userId],
	});
	const { channelId } = c.createChannel({
		title: 'News',
		creatorId: bob.userId,
		memberIds: [ada.userId],
	});
	const data = (options: Record<string, unknown> = {}): ICredentialDataDecryptedObject => ({
		apiId: API_ID,
		apiHash: API_HASH,
		session: ada.session!,
		options: { ...loopbackOptions(ts), requestTimeout: 5, floodSleepThreshold: 2, ...options },
	});
	return {
		ts,
		me: ada.userId,
		session: ada.session!,
		bob: bob.userId,
		groupId: chatId,
		channelId,
		credential: (options) => parseCredential(data(options)),
		async close() {
			await closeAllClients();
			forgetDeadSessions();
			expect(updateEngineStats().accounts).toBe(0);
			expect(poolStats().clients).toBe(0);
			const open = () => ts.server.sessions().filter((s) => !s.closed).length;
			const until = Date.now() + 3000;
			while (open() > 0 && Date.now() < until) await sleep(50);
			expect(open()).toBe(0);
			await ts.stop();
		},
	};
}

/** A listener that records every event and fatal error, with waits that have deadlines. */
export class Recorder {
	readonly events: UpdateEvent[] = [];
	readonly batches: UpdateEvent[][] = [];
	readonly statesSeen: UpdateState[] = [];
	fatal?: Error;
	sub?: UpdateSubscription;

	readonly listener = {
		onEvents: (events: UpdateEvent[]) => {
			// What a trigger saves while it handles the batch (before it emits).
			if (this.sub) this.statesSeen.push(this.sub.state());
			this.batches.push(events);
			this.events.push(...events);
		},
		onFatal: (error: Error) => {
			this.fatal = error;
		},
	};

	async subscribe(w: UpdatesWorld, options: SubscribeOptions = {}): Promise<this> {
		this.sub = await subscribeUpdates(w.credential(), this.listener, {
			logger: quietLog,
			...options,
		});
		return this;
	}

	/** Texts of the new messages, in the order they were handed out. */
	texts(kind: UpdateEvent['kind'] = 'new'): string[] {
		return this.events
			.filter((e) => e.kind === kind)
			.map((e) => (e.kind === 'deleted' ? '' : String(e.message.message)));
	}

	async waitForTexts(n: number, ms = 10_000, kind: UpdateEvent['kind'] = 'new'): Promise<string[]> {
		await waitFor(() => this.texts(kind).length >= n, ms, `${n} ${kind} events`);
		return this.texts(kind);
	}

	state(): UpdateState {
		return this.sub!.state();
	}

	async close(): Promise<void> {
		await this.sub?.close();
	}
}
