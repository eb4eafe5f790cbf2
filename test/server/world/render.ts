// Api objects built from world records for one viewer (access hashes, `self`, `out` and `contact`
// depend on who asks). Message bytes are cached on the record: serializing is ~45 µs a message.
import { Api } from 'telegram';
import type { TLObject } from '../core/types';
import { long } from './ids';
import type { MediaRec, MsgRec, PeerRef } from './types';
import type { World } from './world';

/** A TL object whose bytes are already known (GramJS's getBytes accepts it inside vectors). */
export function rawTl(bytes: Buffer): TLObject {
	return {
		CONSTRUCTOR_ID: bytes.readUInt32LE(0),
		className: 'Raw',
		classType: 'constructor',
		getBytes: () => bytes,
	};
}

export function peerObj(p: PeerRef): Api.TypePeer {
	if (p.type === 'user') return new Api.PeerUser({ userId: long(p.id) });
	if (p.type === 'chat') return new Api.PeerChat({ chatId: long(p.id) });
	return new Api.PeerChannel({ channelId: long(p.id) });
}

export const notifySettings = () => new Api.PeerNotifySettings({});

export function renderUser(w: World, viewerId: number, id: number): Api.TypeUser {
	const u = w.users.get(id);
	if (!u) return new Api.UserEmpty({ id: long(id) });
	const self = viewerId === id;
	const contact = self || w.isContact(viewerId, id);
	return new Api.User({
		self,
		contact: contact && !self,
		mutualContact: !self && contact && w.isContact(id, viewerId),
		bot: u.bot,
		// Flag 14 carries both: a bot without its info version is not a valid user on the wire.
		botInfoVersion: u.bot ? 1 : undefined,
		id: long(id),
		accessHash: long(w.hashes.of(viewerId, 'user', id)),
		firstName: u.firstName,
		lastName: u.lastName,
		username: u.username,
		phone: contact ? u.phone : undefined,
		status: new Api.UserStatusRecently({}),
	});
}

export function renderChat(w: World, viewerId: number, id: number): Api.TypeChat {
	const c = w.chats.get(id);
	if (!c) return new Api.ChatEmpty({ id: long(id) });
	if (!c.members.has(viewerId)) return new Api.ChatForbidden({ id: long(id), title: c.title });
	return new Api.Chat({
		creator: c.creatorId === viewerId,
		id: long(id),
		title: c.title,
		photo: new Api.ChatPhotoEmpty(),
		participantsCount: c.members.size,
		date: c.date,
		version: 1,
	});
}

export function renderChannel(w: World, viewerId: number, id: number): Api.TypeChat {
	const c = w.channels.get(id);
	if (!c) return new Api.ChatEmpty({ id: long(id) });
	const member = c.members.has(viewerId);
	return new Api.Channel({
		creator: c.creatorId === viewerId,
		left: !member,
		broadcast: c.broadcast,
		megagroup: c.megagroup,
		id: long(id),
		accessHash: long(w.hashes.of(viewerId, 'channel', id)),
		title: c.title,
		username: c.username,
		photo: new Api.ChatPhotoEmpty(),
		date: c.date,
		participantsCount: c.members.size,
		adminRights: c.admins.has(viewerId)
			? new Api.ChatAdminRights({ postMessages: true, editMessages: true, deleteMessages: true })
			: undefined,
	});
}

export function renderPeerChat(w: World, viewerId: number, p: PeerRef): Api.TypeChat {
	return p.type === 'chat' ? renderChat(w, viewerId, p.id) : renderChannel(w, viewerId, p.id);
}

export function renderMedia(m: MediaRec): Api.TypeMessageMedia {
	const common = {
		id: long(m.id),
		accessHash: long(m.accessHash),
		fileReference: Buffer.from('ref'),
		date: m.date,
		dcId: m.dcId,
	};
	if (m.kind === 'photo') {
		const sizes = [
			new Api.PhotoSize({ type: 'y', w: m.w ?? 800, h: m.h ?? 600, size: m.bytes.length }),
		];
		return new Api.MessageMediaPhoto({ photo: new Api.Photo({ ...common, sizes }) });
	}
	const doc = new Api.Document({
		...common,
		mimeType: m.mimeType,
		size: long(m.bytes.length),
		attributes: m.attributes as Api.TypeDocumentAttribute[],
	});
	return new Api.MessageMediaDocument({
		document: doc,
		video: m.docKind === 'video' || m.docKind === 'round' || undefined,
		round: m.docKind === 'round' || undefined,
		voice: m.docKind === 'voice' || undefined,
	});
}

/** The message as the viewer sees it (`out` for channels: the viewer posted it). */
export function messageObject(w: World, viewerId: number, rec: MsgRec): Api.TypeMessage {
	const c = rec.core;
	const out = rec.peer.type === 'channel' ? c.fromId === viewerId && !c.post : rec.out;
	const fromId = c.post ? undefined : new Api.PeerUser({ userId: long(c.fromId) });
	const replyTo = rec.replyToId
		? new Api.MessageReplyHeader({ replyToMsgId: rec.replyToId })
		: undefined;
	if (c.action) {
		return new Api.MessageService({
			out,
			id: rec.id,
			fromId,
			peerId: peerObj(rec.peer),
			replyTo,
			date: c.date,
			action: c.action as Api.TypeMessageAction,
		});
	}
	return new Api.Message({
		out,
		post: c.post,
		id: rec.id,
		fromId,
		peerId: peerObj(rec.peer),
		fwdFrom: c.fwd
			? new Api.MessageFwdHeader({
					fromId: c.fwd.fromPeer ? peerObj(c.fwd.fromPeer) : undefined,
					date: c.fwd.date,
					channelPost: c.fwd.channelPost,
				})
			: undefined,
		replyTo,
		date: c.date,
		message: c.text,
		media: c.media ? renderMedia(c.media) : undefined,
		entities: c.entities as Api.TypeMessageEntity[] | undefined,
		editDate: c.editDate,
		groupedId: c.groupedId ? long(c.groupedId) : undefined,
		views: c.post ? 1 : undefined,
		forwards: c.post ? 0 : undefined,
	});
}

/** Serialized message for the viewer, cached until the message is edited. */
export function messageTl(w: World, viewerId: number, rec: MsgRec): TLObject {
	const c = rec.core;
	const outVariant = rec.peer.type === 'channel' && c.fromId === viewerId && !c.post;
	if (outVariant) {
		if (!rec.bytesOut || rec.bytesOutVersion !== c.version) {
			rec.bytesOut = messageObject(w, viewerId, rec).getBytes();
			rec.bytesOutVersion = c.version;
		}
		return rawTl(rec.bytesOut);
	}
	if (!rec.bytes || rec.bytesVersion !== c.version) {
		rec.bytes = messageObject(w, viewerId, rec).getBytes();
		rec.bytesVersion = c.version;
	}
	return rawTl(rec.bytes);
}

/** Collects the users and chats a set of messages / peers mentions, rendered for one viewer. */
export class Refs {
	private readonly users = new Set<number>();
	private readonly chats = new Set<number>();
	private readonly channels = new Set<number>();

	constructor(
		private readonly w: World,
		private readonly viewerId: number,
	) {}

	peer(p: PeerRef | undefined): this {
		if (!p) return this;
		if (p.type === 'user') this.users.add(p.id);
		else if (p.type === 'chat') this.chats.add(p.id);
		else this.channels.add(p.id);
		return this;
	}

	user(id: number): this {
		this.users.add(id);
		return this;
	}

	msg(rec: MsgRec): this {
		this.peer(rec.peer);
		if (!rec.core.post) this.users.add(rec.core.fromId);
		this.peer(rec.core.fwd?.fromPeer);
		return this;
	}

	msgs(recs: Iterable<MsgRec>): this {
		for (const r of recs) this.msg(r);
		return this;
	}

	renderUsers(): Api.TypeUser[] {
		return [...this.users].map((id) => renderUser(this.w, this.viewerId, id));
	}

	renderChats(): Api.TypeChat[] {
		return [
			...[...this.chats].map((id) => renderChat(this.w, this.viewerId, id)),
			...[...this.channels].map((id) => renderChannel(this.w, this.viewerId, id)),
		];
	}
}
