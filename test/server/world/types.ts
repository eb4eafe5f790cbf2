// Compact records of the loopback server's world. Api objects are built from these lazily (and
// message bytes cached), so seeding 100,000 messages stays cheap.
import type { TLObject } from '../core/types';

export type PeerType = 'user' | 'chat' | 'channel';

export interface PeerRef {
	type: PeerType;
	id: number;
}

export interface UserRec {
	id: number;
	firstName: string;
	lastName?: string;
	username?: string;
	phone?: string;
	bot?: boolean;
	about?: string;
	/** Home DC of the account: sendCode / QR on another DC answers *_MIGRATE_X. */
	dcId: number;
	/** Only contacts may write to this user (→ USER_PRIVACY_RESTRICTED). */
	restrictMessages?: boolean;
}

export type DocKind = 'file' | 'video' | 'voice' | 'audio' | 'sticker' | 'animation' | 'round';

export interface MediaRec {
	kind: 'photo' | 'document';
	/** long as a decimal string. */
	id: string;
	accessHash: string;
	date: number;
	dcId: number;
	mimeType: string;
	docKind?: DocKind;
	/** GramJS DocumentAttribute objects, kept as the client sent them (or as seeded). */
	attributes: TLObject[];
	fileName?: string;
	w?: number;
	h?: number;
	duration?: number;
	/** The file's bytes, served by upload.getFile. */
	bytes: Buffer;
}

export interface FwdInfo {
	fromPeer?: PeerRef;
	date: number;
	channelPost?: number;
}

/** What all copies of one private / group message share (edits change it for every copy). */
export interface MsgCore {
	fromId: number;
	date: number;
	text: string;
	entities?: TLObject[];
	media?: MediaRec;
	editDate?: number;
	fwd?: FwdInfo;
	groupedId?: string;
	/** Service message: a MessageAction object. */
	action?: TLObject;
	/** Broadcast channel post (no from_id). */
	post?: boolean;
	version: number;
	/** Every copy of this message: box owner (user id, or -channelId) and the id in that box. */
	copies: Array<{ owner: number; id: number }>;
}

export interface MsgRec {
	id: number;
	/** The dialog the message belongs to, seen from the box owner. */
	peer: PeerRef;
	out: boolean;
	core: MsgCore;
	replyToId?: number;
	/** Cached serialization for the box owner (channels: for non-senders) and its core version. */
	bytes?: Buffer;
	bytesVersion?: number;
	bytesOut?: Buffer;
	bytesOutVersion?: number;
}

export type LogKind = 'new' | 'edit' | 'delete' | 'other';

/** One pts step of a box or channel, replayed by getDifference / getChannelDifference. */
export interface LogEntry {
	pts: number;
	count: number;
	kind: LogKind;
	/** Message ids concerned (new / edit / delete). */
	ids: number[];
	/** For 'other': the update as it was sent. */
	update?: TLObject;
	date: number;
	/** The account's seq when the step was taken (boxes only): a slice's intermediate seq. */
	seq?: number;
}

/** Messages of one pts sequence: an account's box or a channel. */
export interface MsgStore {
	pts: number;
	nextId: number;
	msgs: Map<number, MsgRec>;
	log: LogEntry[];
}

export interface DialogRec {
	peer: PeerRef;
	readInboxMaxId: number;
	readOutboxMaxId: number;
	folderId: number;
	pinned?: boolean;
}

export interface PasswordState {
	salt1: Buffer;
	salt2: Buffer;
	/** Verifier g^x mod p, as a 256-byte big-endian buffer. */
	v: Buffer;
	hint?: string;
	/** The current SRP round: srp_id → server secret b and B. */
	srp?: { id: string; b: bigint; B: Buffer };
}

export interface Box extends MsgStore {
	ownerId: number;
	qts: number;
	seq: number;
	/** Ascending message ids per dialog (peer key). */
	byPeer: Map<string, number[]>;
	dialogs: Map<string, DialogRec>;
	contacts: Set<number>;
	password?: PasswordState;
	/**
	 * Channel pts as of the update states recently handed out (by their date): getDifference
	 * from such a state hints only channels that moved since (updateChannelTooLong).
	 */
	issued?: Array<{ date: number; channels: Map<number, number> }>;
	/** Messages this account sent through the RPC layer (for control: "what did it send"). */
	sent: Array<{ peer: PeerRef; id: number; text: string; date: number; scheduled?: boolean }>;
}

export interface ChatRec {
	id: number;
	title: string;
	creatorId: number;
	members: Set<number>;
	date: number;
	inviteHash?: string;
}

export interface ChannelRec extends MsgStore {
	id: number;
	title: string;
	about: string;
	username?: string;
	broadcast: boolean;
	megagroup: boolean;
	creatorId: number;
	admins: Set<number>;
	members: Set<number>;
	date: number;
	inviteHash?: string;
	/** Ascending message ids. */
	ids: number[];
}
