// Synthetic update events (shaped like the engine's, with GramJS-like message objects) and a
// stream host that records what would reach n8n: for tests of the trigger's logic without Telegram.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { PeerSets } from '../../nodes/TelegramAccountTrigger/filters';
import type { Delivery } from '../../nodes/TelegramAccountTrigger/output';
import { PositionStore } from '../../nodes/TelegramAccountTrigger/position';
import type { TriggerSettings } from '../../nodes/TelegramAccountTrigger/settings';
import { TriggerStream, type StreamHost } from '../../nodes/TelegramAccountTrigger/stream';
import type { Tl } from '../../nodes/shared/transport/serialize';
import type {
	DeletedEvent,
	MessageEvent,
	UpdateEvent,
	UpdateState,
} from '../../nodes/shared/updates/types';
import { waitFor } from '../helpers/deadline';

export const SELF = '1000';

export function settings(changes: Partial<TriggerSettings> = {}): TriggerSettings {
	return {
		events: ['new'],
		chatTypes: ['private', 'group', 'channel'],
		direction: 'incoming',
		onlyChats: [],
		excludeChats: [],
		fromUsers: [],
		textContains: '',
		media: 'any',
		mediaKinds: [],
		skipBots: false,
		skipForwarded: false,
		skipService: true,
		albumAsOne: false,
		catchUp: { mode: 'minutes', minutes: 60, messages: 100 },
		manualTimeoutSec: 5,
		...changes,
	};
}

export interface MessageSpec {
	chatId?: string;
	id: number;
	pts: number;
	text?: string;
	out?: boolean;
	fromId?: string;
	kind?: 'new' | 'edited';
	catchUp?: boolean;
	date?: number;
	editDate?: number;
	groupedId?: string;
	media?: Tl;
	service?: boolean;
	forwarded?: boolean;
	bot?: boolean;
	megagroup?: boolean;
}

const peerOf = (chatId: string): Tl =>
	chatId.startsWith('-100')
		? { className: 'PeerChannel', channelId: chatId.slice(4) }
		: chatId.startsWith('-')
			? { className: 'PeerChat', chatId: chatId.slice(1) }
			: { className: 'PeerUser', userId: chatId };

export function message(s: MessageSpec): MessageEvent {
	const chatId = s.chatId ?? '42';
	const box = chatId.startsWith('-100') ? chatId.slice(4) : 'common';
	const entities = new Map<string, Tl>();
	const from = s.fromId ?? (chatId.startsWith('-') ? '77' : undefined);
	if (from) {
		entities.set(from, { className: 'User', id: from, firstName: `U${from}`, bot: Boolean(s.bot) });
	} else if (s.bot) entities.set(chatId, { className: 'User', id: chatId, bot: true });
	if (chatId.startsWith('-100')) {
		entities.set(chatId, {
			className: 'Channel',
			id: chatId.slice(4),
			title: 'Chan',
			megagroup: Boolean(s.megagroup),
		});
	}
	return {
		kind: s.kind ?? 'new',
		chatId,
		position: { box, pts: s.pts },
		catchUp: Boolean(s.catchUp),
		entities,
		message: {
			className: s.service ? 'MessageService' : 'Message',
			id: s.id,
			peerId: peerOf(chatId),
			fromId: from ? { className: 'PeerUser', userId: from } : undefined,
			out: Boolean(s.out),
			date: s.date ?? Math.floor(Date.now() / 1000),
			editDate: s.editDate,
			message: s.text ?? `message ${s.id}`,
			groupedId: s.groupedId,
			media: s.media,
			fwdFrom: s.forwarded ? { className: 'MessageFwdHeader', date: 1 } : undefined,
			action: s.service ? { className: 'MessageActionPinMessage' } : undefined,
			post: chatId.startsWith('-100') && !s.megagroup,
		},
	};
}

export function deleted(ids: number[], pts: number, chatId = ''): DeletedEvent {
	const box = chatId.startsWith('-100') ? chatId.slice(4) : 'common';
	return { kind: 'deleted', chatId, messageIds: ids, position: { box, pts }, catchUp: false };
}

export const photo: Tl = {
	className: 'MessageMediaPhoto',
	photo: { className: 'Photo', id: '5' },
};

export const state = (pts: number, channels: Record<string, number> = {}): UpdateState => ({
	pts,
	qts: 0,
	seq: 0,
	date: 1,
	channels,
});

export interface Emitted {
	json: IDataObject;
	delivery: Delivery;
	/** The static data as it was when this emit happened (what n8n would write). */
	saved: IDataObject;
}

export interface HostRig {
	stream: TriggerStream;
	emitted: Emitted[];
	errors: Error[];
	data: IDataObject;
	store: PositionStore;
	/** Resolves the execution of emit #i ("done"). */
	finish(i: number): void;
	texts(): string[];
	waitEmitted(n: number, ms?: number): Promise<void>;
}

export function rig(
	s: TriggerSettings,
	o: {
		data?: IDataObject;
		start?: UpdateState;
		peers?: Partial<PeerSets>;
		replayUnconfirmed?: boolean;
		notBefore?: number;
		autoDone?: boolean;
	} = {},
): HostRig {
	const data = o.data ?? {};
	const store = new PositionStore(data);
	const emitted: Emitted[] = [];
	const errors: Error[] = [];
	const finishers: Array<() => void> = [];
	const host: StreamHost = {
		settings: s,
		peers: { exclude: new Set(), ...o.peers },
		selfId: SELF,
		store,
		replayUnconfirmed: o.replayUnconfirmed ?? true,
		notBefore: o.notBefore ?? 0,
		prepare: async (json) => ({ json }) as INodeExecutionData,
		emit: async (item, delivery) => {
			emitted.push({ json: item.json, delivery, saved: JSON.parse(JSON.stringify(data)) });
			if (o.autoDone ?? true) return;
			await new Promise<void>((resolve) => finishers.push(resolve));
		},
		onError: (error) => errors.push(error),
	};
	const stream = new TriggerStream(host, o.start);
	return {
		stream,
		emitted,
		errors,
		data,
		store,
		finish: (i) => finishers[i]?.(),
		texts: () => emitted.map((e) => String(e.json.text)),
		waitEmitted: async (n, ms = 5000) =>
			await waitFor(() => emitted.length >= n, ms, `${n} emits (got ${emitted.length})`),
	};
}

export const feed = (r: HostRig, ...events: UpdateEvent[]) => r.stream.onEvents(events);
