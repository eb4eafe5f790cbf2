// The loopback server's world: users, accounts' message boxes, groups, channels, media and the
// live sessions updates are pushed to. Mutations of messages live in messaging.ts.
import { randomBytes } from 'node:crypto';
import type { DcEndpoint, SessionHandle, TLObject } from '../core/types';
import { AuthState } from './auth-state';
import { Faults } from './faults';
import { combine, PushGates, type ReleaseOrder } from './push-gate';
import { AccessHashes, channelPeer, chatPeer, peerKey, userPeer } from './ids';
import type { Box, ChannelRec, ChatRec, DialogRec, MediaRec, PeerRef, UserRec } from './types';

export interface WorldOptions {
	/** DCs this world's accounts may live on; the first is the default home DC. */
	dcIds?: number[];
	/** Same code for every auth.sendCode (demo world); default: a random 5-digit code. */
	fixedCode?: string;
	/** Most pts steps one getDifference returns before answering differenceSlice. */
	diffSliceLimit?: number;
	/** A pts gap above this answers differenceTooLong. */
	diffTooLong?: number;
	/** A channel pts gap above this answers channelDifferenceTooLong. */
	channelDiffTooLong?: number;
	/** Seconds since the epoch; tests may freeze time. */
	now?: () => number;
}

export class World {
	readonly dcIds: number[];
	readonly users = new Map<number, UserRec>();
	readonly boxes = new Map<number, Box>();
	readonly chats = new Map<number, ChatRec>();
	readonly channels = new Map<number, ChannelRec>();
	readonly media = new Map<string, MediaRec>();
	/** upload.saveFilePart parts: `${userId}:${fileId}` → part index → bytes. */
	readonly uploads = new Map<string, Map<number, Buffer>>();
	readonly hashes = new AccessHashes(randomBytes(8).toString('hex'));
	readonly auth: AuthState;
	readonly faults = new Faults();
	readonly gates = new PushGates();
	diffSliceLimit: number;
	diffTooLong: number;
	channelDiffTooLong: number;
	/** Live sessions; index.ts points this at the MTProto server's sessions(). */
	sessions: () => SessionHandle[] = () => [];
	/** Where each DC listens (help.getConfig's dcOptions); set by index.ts once the server is up. */
	endpoints: DcEndpoint[] = [];
	private readonly usernames = new Map<string, PeerRef>();
	private readonly phones = new Map<string, number>();
	private nextUserId = 100001;
	private nextChatId = 200001;
	private nextChannelId = 300001;
	private nextMediaId = 7000000001;
	private readonly clock: () => number;

	constructor(opts: WorldOptions = {}) {
		this.dcIds = opts.dcIds?.length ? opts.dcIds : [1];
		this.diffSliceLimit = opts.diffSliceLimit ?? 100;
		this.diffTooLong = opts.diffTooLong ?? 5000;
		this.channelDiffTooLong = opts.channelDiffTooLong ?? 5000;
		this.clock = opts.now ?? (() => Math.floor(Date.now() / 1000));
		this.auth = new AuthState(this, opts.fixedCode);
	}

	now(): number {
		return this.clock();
	}

	addUser(u: Partial<UserRec> & { firstName: string }): UserRec {
		const id = u.id ?? this.nextUserId++;
		if (this.users.has(id)) throw new Error(`user ${id} exists`);
		const phone = u.phone ? normalizePhone(u.phone) : undefined;
		if (phone && this.phones.has(phone)) throw new Error(`phone ${phone} is taken`);
		const rec: UserRec = { ...u, id, phone, dcId: u.dcId ?? this.dcIds[0], username: undefined };
		this.users.set(id, rec);
		if (phone) this.phones.set(phone, id);
		if (u.username) this.setUsername(userPeer(id), u.username);
		return rec;
	}

	userByPhone(phone: string): UserRec | undefined {
		const id = this.phones.get(normalizePhone(phone));
		return id === undefined ? undefined : this.users.get(id);
	}

	setUsername(peer: PeerRef, username: string | undefined): void {
		const rec = peer.type === 'user' ? this.users.get(peer.id) : this.channels.get(peer.id);
		if (!rec) throw new Error(`no ${peerKey(peer)}`);
		if (rec.username) this.usernames.delete(rec.username.toLowerCase());
		rec.username = username;
		if (!username) return;
		const lower = username.toLowerCase();
		const owner = this.usernames.get(lower);
		if (owner && peerKey(owner) !== peerKey(peer)) throw new Error(`@${username} is taken`);
		this.usernames.set(lower, peer);
	}

	resolveUsername(username: string): PeerRef | undefined {
		return this.usernames.get(username.toLowerCase());
	}

	/** The account's box; every user may be an account, boxes are made on first use. */
	box(userId: number): Box {
		let b = this.boxes.get(userId);
		if (!b) {
			if (!this.users.has(userId)) throw new Error(`no user ${userId}`);
			b = {
				ownerId: userId,
				pts: 1,
				qts: 0,
				seq: 0,
				nextId: 1,
				msgs: new Map(),
				log: [],
				byPeer: new Map(),
				dialogs: new Map(),
				contacts: new Set(),
				sent: [],
			};
			this.boxes.set(userId, b);
		}
		return b;
	}

	dialog(userId: number, peer: PeerRef): DialogRec {
		const box = this.box(userId);
		const k = peerKey(peer);
		let d = box.dialogs.get(k);
		if (!d) {
			d = { peer, readInboxMaxId: 0, readOutboxMaxId: 0, folderId: 0 };
			box.dialogs.set(k, d);
		}
		return d;
	}

	addContact(ownerId: number, userId: number): void {
		this.box(ownerId).contacts.add(userId);
	}

	isContact(ownerId: number, userId: number): boolean {
		return this.boxes.get(ownerId)?.contacts.has(userId) ?? false;
	}

	addChat(c: { title: string; creatorId: number; memberIds?: number[] }): ChatRec {
		const rec: ChatRec = {
			id: this.nextChatId++,
			title: c.title,
			creatorId: c.creatorId,
			members: new Set([c.creatorId, ...(c.memberIds ?? [])]),
			date: this.now(),
		};
		this.chats.set(rec.id, rec);
		for (const m of rec.members) this.dialog(m, chatPeer(rec.id));
		return rec;
	}

	addChannel(c: {
		title: string;
		creatorId: number;
		username?: string;
		megagroup?: boolean;
		about?: string;
		adminIds?: number[];
		memberIds?: number[];
	}): ChannelRec {
		const rec: ChannelRec = {
			id: this.nextChannelId++,
			title: c.title,
			about: c.about ?? '',
			broadcast: !c.megagroup,
			megagroup: !!c.megagroup,
			creatorId: c.creatorId,
			admins: new Set([c.creatorId, ...(c.adminIds ?? [])]),
			members: new Set([c.creatorId, ...(c.adminIds ?? []), ...(c.memberIds ?? [])]),
			date: this.now(),
			pts: 1,
			nextId: 1,
			msgs: new Map(),
			log: [],
			ids: [],
		};
		this.channels.set(rec.id, rec);
		if (c.username) this.setUsername(channelPeer(rec.id), c.username);
		for (const m of rec.members) this.dialog(m, channelPeer(rec.id));
		return rec;
	}

	joinChannel(userId: number, ch: ChannelRec): void {
		ch.members.add(userId);
		const d = this.dialog(userId, channelPeer(ch.id));
		// A new member has read nothing of the history it did not see arrive.
		d.readInboxMaxId = ch.ids[ch.ids.length - 1] ?? 0;
	}

	leaveChannel(userId: number, ch: ChannelRec): void {
		ch.members.delete(userId);
		ch.admins.delete(userId);
		this.box(userId).dialogs.delete(peerKey(channelPeer(ch.id)));
	}

	newMediaId(): string {
		return String(this.nextMediaId++);
	}

	/** Live sessions signed in as this user. */
	liveSessions(userId: number): SessionHandle[] {
		const uid = String(userId);
		return this.sessions().filter((s) => !s.closed && s.authKey.userId === uid);
	}

	/**
	 * Sessions Telegram pushes the account's updates to: on its home DC (file and download
	 * connections to other DCs get none) and not opted out with invokeWithoutUpdates.
	 */
	updateSessions(userId: number): SessionHandle[] {
		const home = this.users.get(userId)?.dcId;
		return this.liveSessions(userId).filter((s) => s.dcId === home && s.receivesUpdates !== false);
	}

	/**
	 * Push an Updates object to a user's update sessions; built only if someone listens. The
	 * account's push gate (control: holdPushes / dropPushes / duplicatePushes) sees it first.
	 */
	push(userId: number, build: () => TLObject, except?: SessionHandle): void {
		const targets = this.updateSessions(userId).filter((s) => s !== except);
		if (!targets.length) return;
		const obj = build();
		const times = this.gates.route(userId, obj, except);
		for (let i = 0; i < times; i++) for (const s of targets) s.push(obj);
	}

	/** Delivers held pushes now (to the sessions live now), each alone or as one updatesCombined. */
	releasePushes(userId: number, order?: ReleaseOrder, combined = false): number {
		const held = this.gates.release(userId, order);
		if (!held.length) return 0;
		const all = this.updateSessions(userId);
		if (combined) {
			const obj = combine(
				held.map((h) => h.obj),
				this.now(),
				userId,
			);
			const except = held.every((h) => h.except === held[0].except) ? held[0].except : undefined;
			for (const s of all) if (s !== except) s.push(obj);
		} else {
			for (const h of held) for (const s of all) if (s !== h.except) s.push(h.obj);
		}
		return held.length;
	}

	/** The account's next seq for a pushed `updates` carrying common-box updates. */
	nextSeq(userId: number): number {
		return ++this.box(userId).seq;
	}
}

export function normalizePhone(phone: string): string {
	return phone.replace(/[\s()+-]/g, '');
}
