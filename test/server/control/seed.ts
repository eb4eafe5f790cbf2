// Seeding the world through the control API: accounts with ready sessions, contacts, groups,
// channels and history (100,000 messages in about a second). Seeded messages take their pts steps
// like real sends (getDifference from a state taken before seeding replays them) but push nothing.
import { Api } from 'telegram';
import { makeStringSession, newAuthKey } from '../core/index';
import type { AuthKeyRecord, AuthKeyStore, MtprotoServer } from '../core/types';
import { channelPeer, chatPeer, long, userPeer } from '../world/ids';
import { seedDocument, seedPhoto } from '../world/media';
import { sendMessage } from '../world/messaging';
import { makePasswordState } from '../world/srp';
import type { DocKind, MediaRec, PeerRef } from '../world/types';
import type { World } from '../world/world';

/** Where a message goes: a private chat with a user, a basic group, or a channel. */
export interface Target {
	toUserId?: number;
	chatId?: number;
	channelId?: number;
}

export interface MediaSpec {
	kind: 'photo' | DocKind;
	/** File content as base64, or `size` random-ish bytes. */
	base64?: string;
	size?: number;
	fileName?: string;
	/** DC storing the file (default: the sender's home DC); another one answers FILE_MIGRATE. */
	dcId?: number;
}

export class ControlSeed {
	protected readonly keysBySession = new Map<string, AuthKeyRecord>();

	constructor(
		readonly world: World,
		protected readonly server: MtprotoServer,
		protected readonly authKeys: AuthKeyStore,
	) {}

	setPassword(a: { userId: number; password: string; hint?: string }): void {
		this.world.box(a.userId).password = makePasswordState(a.password, a.hint);
	}
	createAccount(a: {
		phone: string;
		firstName: string;
		lastName?: string;
		username?: string;
		dcId?: number;
		password?: string;
		about?: string;
		restrictMessages?: boolean;
		session?: boolean;
	}): { userId: number; session?: string } {
		const u = this.world.addUser(a);
		if (a.password) this.setPassword({ userId: u.id, password: a.password });
		const session = a.session === false ? undefined : this.createSession({ userId: u.id }).session;
		return { userId: u.id, session };
	}

	createUser(a: {
		firstName: string;
		lastName?: string;
		username?: string;
		phone?: string;
		bot?: boolean;
		restrictMessages?: boolean;
	}): { userId: number } {
		return { userId: this.world.addUser(a).id };
	}

	/** A pre-made auth key signed in as the user: a ready StringSession on the user's home DC. */
	createSession(a: { userId: number; dcId?: number }): { session: string; authKeyId: string } {
		const u = this.world.users.get(a.userId);
		if (!u) throw new Error(`no user ${a.userId}`);
		const dcId = a.dcId ?? u.dcId;
		const dc = this.server.dcs.find((d) => d.id === dcId);
		if (!dc) throw new Error(`no DC ${dcId}`);
		const key = newAuthKey(dcId);
		key.userId = String(u.id);
		this.authKeys.add(key);
		const session = makeStringSession({ dcId, host: dc.host, port: dc.port, key: key.key });
		this.keysBySession.set(session, key);
		return { session, authKeyId: key.id.toString() };
	}

	addContact(a: { ownerId: number; userId: number; mutual?: boolean }): void {
		this.world.addContact(a.ownerId, a.userId);
		if (a.mutual) this.world.addContact(a.userId, a.ownerId);
	}

	createGroup(a: { title: string; creatorId: number; memberIds?: number[]; inviteHash?: string }): {
		chatId: number;
	} {
		const c = this.world.addChat(a);
		c.inviteHash = a.inviteHash;
		sendMessage(
			this.world,
			a.creatorId,
			chatPeer(c.id),
			{ text: '', action: chatCreate(c.title, [...c.members]) },
			{ push: false },
		);
		return { chatId: c.id };
	}

	createChannel(a: {
		title: string;
		creatorId: number;
		username?: string;
		megagroup?: boolean;
		about?: string;
		adminIds?: number[];
		memberIds?: number[];
		inviteHash?: string;
	}): { channelId: number } {
		const ch = this.world.addChannel(a);
		ch.inviteHash = a.inviteHash;
		sendMessage(
			this.world,
			a.creatorId,
			channelPeer(ch.id),
			{ text: '', action: channelCreate(ch.title) },
			{ push: false },
		);
		return { channelId: ch.id };
	}

	/**
	 * Seeds history fast: pts steps in every box (or the channel) as real sends, no pushes.
	 * Private chats: `between: [a, b]`, senders alternate unless fromIds is given.
	 */
	seedMessages(
		a: Target & {
			between?: [number, number];
			fromIds?: number[];
			count: number;
			text?: string;
			startDate?: number;
			stepSec?: number;
			media?: MediaSpec;
		},
	): { firstId: number; lastId: number; ms: number } {
		const t0 = Date.now();
		const w = this.world;
		const step = a.stepSec ?? 1;
		const start = a.startDate ?? w.now() - a.count * step;
		const template = a.text ?? 'Message {i}';
		let senders: number[];
		let peerFor: (from: number) => PeerRef;
		if (a.between) {
			const [x, y] = a.between;
			senders = a.fromIds ?? [x, y];
			peerFor = (from) => userPeer(from === x ? y : x);
		} else {
			const p = this.peerOf(a);
			senders = a.fromIds ?? [
				p.type === 'chat' ? w.chats.get(p.id)!.creatorId : w.channels.get(p.id)!.creatorId,
			];
			peerFor = () => p;
		}
		let firstId = 0;
		let lastId = 0;
		for (let i = 0; i < a.count; i++) {
			const from = senders[i % senders.length];
			const media = a.media ? this.media(from, a.media) : undefined;
			const s = sendMessage(
				w,
				from,
				peerFor(from),
				{ text: template.replace('{i}', String(i + 1)), date: start + i * step, media },
				{ push: false },
			);
			if (i === 0) firstId = s.rec.id;
			lastId = s.rec.id;
		}
		return { firstId, lastId, ms: Date.now() - t0 };
	}

	protected peerOf(t: Target): PeerRef {
		if (t.toUserId) return userPeer(t.toUserId);
		if (t.chatId) return chatPeer(t.chatId);
		if (t.channelId) return channelPeer(t.channelId);
		throw new Error('target needs toUserId, chatId or channelId');
	}

	protected media(userId: number, m: MediaSpec): MediaRec {
		const bytes = m.base64 ? Buffer.from(m.base64, 'base64') : patternBytes(m.size ?? 1024);
		const rec =
			m.kind === 'photo'
				? seedPhoto(this.world, userId, bytes)
				: seedDocument(this.world, userId, m.kind, bytes, m.fileName);
		if (m.dcId) rec.dcId = m.dcId;
		return rec;
	}
}

/** Deterministic bytes (no randomness needed, compressible for nobody). */
export function patternBytes(size: number): Buffer {
	const b = Buffer.alloc(size);
	for (let i = 0; i < size; i++) b[i] = (i * 31 + (i >> 8) * 7) & 0xff;
	return b;
}

function chatCreate(title: string, users: number[]) {
	return new Api.MessageActionChatCreate({ title, users: users.map((u) => long(u)) });
}

function channelCreate(title: string) {
	return new Api.MessageActionChannelCreate({ title });
}
