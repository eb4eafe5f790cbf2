// Media records: uploaded parts assembled into files, the kind a document's attributes make it
// (video, voice, audio, sticker, animation, round video), and seeded media for tests.
import { randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import { RpcError } from '../core/types';
import type { TLObject } from '../core/types';
import { toStr } from './ids';
import type { DocKind, MediaRec } from './types';
import type { World } from './world';

export function docKindOf(attributes: TLObject[], forceFile?: boolean): DocKind {
	if (forceFile) return 'file';
	let kind: DocKind = 'file';
	for (const a of attributes) {
		if (a instanceof Api.DocumentAttributeVideo)
			kind = a.roundMessage ? 'round' : kind === 'animation' ? kind : 'video';
		else if (a instanceof Api.DocumentAttributeAudio) kind = a.voice ? 'voice' : 'audio';
		else if (a instanceof Api.DocumentAttributeSticker) return 'sticker';
		else if (a instanceof Api.DocumentAttributeAnimated) kind = 'animation';
	}
	return kind;
}

export function addMedia(
	w: World,
	m: Omit<MediaRec, 'id' | 'accessHash' | 'date'> & { date?: number },
): MediaRec {
	const rec: MediaRec = {
		...m,
		id: w.newMediaId(),
		accessHash: randomBytes(8).readBigInt64LE(0).toString(),
		date: m.date ?? w.now(),
	};
	w.media.set(rec.id, rec);
	return rec;
}

/** Seeds a document of a given kind with sensible attributes. */
export function seedDocument(
	w: World,
	userId: number,
	kind: DocKind,
	bytes: Buffer,
	fileName?: string,
): MediaRec {
	const attrs: TLObject[] = [];
	const mime: Record<DocKind, string> = {
		file: 'application/octet-stream',
		video: 'video/mp4',
		round: 'video/mp4',
		voice: 'audio/ogg',
		audio: 'audio/mpeg',
		sticker: 'image/webp',
		animation: 'video/mp4',
	};
	if (kind === 'video' || kind === 'round' || kind === 'animation') {
		attrs.push(
			new Api.DocumentAttributeVideo({
				roundMessage: kind === 'round',
				duration: 5,
				w: 640,
				h: 640,
			}),
		);
	}
	if (kind === 'animation') attrs.push(new Api.DocumentAttributeAnimated());
	if (kind === 'voice' || kind === 'audio') {
		attrs.push(
			new Api.DocumentAttributeAudio({
				voice: kind === 'voice',
				duration: 5,
				title: kind === 'audio' ? 'Song' : undefined,
			}),
		);
	}
	if (kind === 'sticker') {
		attrs.push(
			new Api.DocumentAttributeSticker({ alt: '🙂', stickerset: new Api.InputStickerSetEmpty() }),
		);
	}
	if (fileName) attrs.push(new Api.DocumentAttributeFilename({ fileName }));
	return addMedia(w, {
		kind: 'document',
		docKind: kind,
		dcId: w.users.get(userId)?.dcId ?? w.dcIds[0],
		mimeType: mime[kind],
		attributes: attrs,
		fileName,
		bytes,
	});
}

export function seedPhoto(w: World, userId: number, bytes: Buffer): MediaRec {
	return addMedia(w, {
		kind: 'photo',
		dcId: w.users.get(userId)?.dcId ?? w.dcIds[0],
		mimeType: 'image/jpeg',
		attributes: [],
		bytes,
		w: 800,
		h: 600,
	});
}

/** Joins the parts of an InputFile / InputFileBig this user uploaded. */
export function takeUpload(w: World, userId: number, file: unknown): Buffer {
	if (!(file instanceof Api.InputFile) && !(file instanceof Api.InputFileBig)) {
		throw new RpcError(400, 'FILE_PARTS_INVALID');
	}
	const key = `${userId}:${toStr(file.id)}`;
	const parts = w.uploads.get(key);
	if (!parts || file.parts <= 0) throw new RpcError(400, 'FILE_PARTS_INVALID');
	const chunks: Buffer[] = [];
	for (let i = 0; i < file.parts; i++) {
		const p = parts.get(i);
		if (!p) throw new RpcError(400, `FILE_PART_${i}_MISSING`);
		chunks.push(p);
	}
	w.uploads.delete(key);
	return Buffer.concat(chunks);
}

/** InputMedia → a media record (new upload or a media the world already has). */
export function mediaFromInput(w: World, userId: number, media: unknown): MediaRec {
	const dcId = w.users.get(userId)?.dcId ?? w.dcIds[0];
	if (media === undefined || media instanceof Api.InputMediaEmpty)
		throw new RpcError(400, 'MEDIA_EMPTY');
	if (media instanceof Api.InputMediaUploadedPhoto) {
		return addMedia(w, {
			kind: 'photo',
			dcId,
			mimeType: 'image/jpeg',
			attributes: [],
			bytes: takeUpload(w, userId, media.file),
			w: 800,
			h: 600,
		});
	}
	if (media instanceof Api.InputMediaUploadedDocument) {
		const attributes = media.attributes ?? [];
		const nameAttr = attributes.find((a) => a instanceof Api.DocumentAttributeFilename) as
			| Api.DocumentAttributeFilename
			| undefined;
		return addMedia(w, {
			kind: 'document',
			docKind: docKindOf(attributes, media.forceFile),
			dcId,
			mimeType: media.mimeType || 'application/octet-stream',
			attributes,
			fileName: nameAttr?.fileName,
			bytes: takeUpload(w, userId, media.file),
		});
	}
	if (media instanceof Api.InputMediaPhoto || media instanceof Api.InputMediaDocument) {
		const id = media.id;
		const key = id instanceof Api.InputPhoto || id instanceof Api.InputDocument ? toStr(id.id) : '';
		const rec = w.media.get(key);
		if (!rec) throw new RpcError(400, 'MEDIA_INVALID');
		return rec;
	}
	throw new RpcError(400, 'MEDIA_INVALID');
}
