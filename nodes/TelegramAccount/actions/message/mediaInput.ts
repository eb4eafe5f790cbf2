// n8n binary data → what Telegram needs to send it as a given media type, checked before any
// upload: a wrong type or an oversized file fails at once with a clear error, not after minutes.
// A file n8n keeps on disk or in its database is read as a stream, part by part, never whole.
import type { IExecuteFunctions } from 'n8n-workflow';
import type { Readable } from 'node:stream';

import { Api } from '../../../shared/transport/client';
import { InputError } from '../../../shared/transport/errors';

export const MEDIA_TYPES = [
	'auto',
	'photo',
	'document',
	'video',
	'voice',
	'audio',
	'sticker',
	'animation',
	'roundVideo',
] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export interface MediaFile {
	property: string;
	/** Bytes in all. */
	size: number;
	fileName: string;
	mimeType: string;
	type: Exclude<MediaType, 'auto'>;
	/** The bytes in parts of `partSize` (the last may be shorter), read only as they are asked for. */
	parts(partSize: number): AsyncGenerator<Buffer>;
}

/** Enough of a file's start to recognise its type. */
const HEAD = 64;

interface Source {
	size: number;
	head: Buffer;
	parts(partSize: number): AsyncGenerator<Buffer>;
}

function memorySource(bytes: Buffer): Source {
	return {
		size: bytes.length,
		head: bytes.subarray(0, HEAD),
		async *parts(partSize) {
			for (let at = 0; at < bytes.length; at += partSize) yield bytes.subarray(at, at + partSize);
		},
	};
}

/** Cuts a stream into parts of exactly `partSize`, checking it holds the size n8n recorded. */
async function* cut(stream: Readable, partSize: number, size: number): AsyncGenerator<Buffer> {
	let pending: Buffer[] = [];
	let pendingBytes = 0;
	let total = 0;
	for await (const data of stream) {
		let chunk = data as Buffer;
		total += chunk.length;
		while (pendingBytes + chunk.length >= partSize) {
			const take = partSize - pendingBytes;
			yield Buffer.concat([...pending, chunk.subarray(0, take)]);
			chunk = chunk.subarray(take);
			pending = [];
			pendingBytes = 0;
		}
		if (chunk.length) {
			pending.push(chunk);
			pendingBytes += chunk.length;
		}
	}
	if (pendingBytes) yield Buffer.concat(pending);
	if (total !== size) {
		throw new InputError(
			`The binary file changed while it was sent: ${total} bytes instead of ${size}`,
			'Run the workflow again.',
		);
	}
}

/** A binary kept in n8n's filesystem or database store: its size from metadata, bytes streamed. */
async function storedSource(fn: IExecuteFunctions, id: string): Promise<Source> {
	const { fileSize } = await fn.helpers.getBinaryMetadata(id);
	const chunks: Buffer[] = [];
	let read = 0;
	// Leaving the loop early closes the stream.
	for await (const data of await fn.helpers.getBinaryStream(id, HEAD)) {
		chunks.push(data as Buffer);
		read += (data as Buffer).length;
		if (read >= HEAD) break;
	}
	return {
		size: fileSize,
		head: Buffer.concat(chunks).subarray(0, HEAD),
		async *parts(partSize) {
			yield* cut(await fn.helpers.getBinaryStream(id, partSize), partSize, fileSize);
		},
	};
}

const MB = 1024 * 1024;
/** Telegram's limits: photos 10 MB, stickers 512 KB, any other file 2 GB (4 GB with Premium). */
const MAX_SIZE: Record<MediaFile['type'], number> = {
	photo: 10 * MB,
	sticker: 512 * 1024,
	document: 2000 * MB,
	video: 2000 * MB,
	voice: 2000 * MB,
	audio: 2000 * MB,
	animation: 2000 * MB,
	roundVideo: 2000 * MB,
};

/** MIME types each media type accepts (prefix match); documents take anything. */
const ACCEPTS: Record<MediaFile['type'], string[]> = {
	photo: ['image/jpeg', 'image/png', 'image/webp', 'image/bmp'],
	sticker: ['image/webp', 'application/x-tgsticker', 'video/webm'],
	video: ['video/'],
	roundVideo: ['video/mp4'],
	animation: ['image/gif', 'video/mp4'],
	voice: ['audio/'],
	audio: ['audio/'],
	document: [''],
};

/** The real type of common files from their first bytes: a name or a declared MIME type can lie. */
export function sniffMime(b: Buffer): string | undefined {
	const ascii = (from: number, to: number) => b.subarray(from, to).toString('latin1');
	if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
	if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
	if (ascii(0, 4) === 'GIF8') return 'image/gif';
	if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
	if (ascii(0, 2) === 'BM' && b.length > 26) return 'image/bmp';
	if (ascii(0, 5) === '%PDF-') return 'application/pdf';
	if (ascii(0, 4) === 'OggS') return 'audio/ogg';
	if (ascii(0, 3) === 'ID3' || (b[0] === 0xff && (b[1] & 0xe0) === 0xe0)) return 'audio/mpeg';
	if (ascii(4, 8) === 'ftyp') return ascii(8, 11) === 'M4A' ? 'audio/mp4' : 'video/mp4';
	if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return 'video/webm';
	if (ascii(0, 4) === 'PK\x03\x04') return 'application/zip';
	return undefined;
}

function autoType(mime: string): MediaFile['type'] {
	if (['image/jpeg', 'image/png', 'image/bmp'].includes(mime)) return 'photo';
	if (mime === 'image/gif') return 'animation';
	if (mime.startsWith('video/')) return 'video';
	if (mime === 'audio/ogg' || mime === 'audio/opus') return 'voice';
	if (mime.startsWith('audio/')) return 'audio';
	return 'document';
}

const LABEL: Record<MediaFile['type'], string> = {
	photo: 'a photo',
	document: 'a document',
	video: 'a video',
	voice: 'a voice message',
	audio: 'an audio file',
	sticker: 'a sticker',
	animation: 'an animation',
	roundVideo: 'a round video',
};

/** Reads one binary property of the item and checks it fits the chosen media type. */
export async function readMediaFile(
	fn: IExecuteFunctions,
	itemIndex: number,
	property: string,
	wanted: MediaType,
): Promise<MediaFile> {
	const binary = fn.helpers.assertBinaryData(itemIndex, property);
	const source = binary.id
		? await storedSource(fn, binary.id)
		: memorySource(await fn.helpers.getBinaryDataBuffer(itemIndex, property));
	if (!source.size) {
		throw new InputError(
			`The binary property "${property}" is empty (0 bytes)`,
			'Check the node that produced the file.',
		);
	}
	const declared = (binary.mimeType || 'application/octet-stream')
		.toLowerCase()
		.split(';')[0]
		.trim();
	const mimeType = sniffMime(source.head) ?? declared;
	const type = wanted === 'auto' ? autoType(mimeType) : wanted;
	const ext = mimeType.split('/')[1]?.replace('x-', '') ?? 'bin';
	const fileName = binary.fileName || `${property}.${ext}`;
	if (!ACCEPTS[type].some((prefix) => mimeType.startsWith(prefix))) {
		throw new InputError(
			`"${fileName}" is ${mimeType}, which Telegram cannot send as ${LABEL[type]}`,
			`${LABEL[type][0].toUpperCase()}${LABEL[type].slice(1)} needs ${ACCEPTS[type].join(' or ')}. Convert the file, or choose Document (any file) or Auto as the media type.`,
		);
	}
	if (source.size > MAX_SIZE[type]) {
		const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;
		throw new InputError(
			`"${fileName}" is ${mb(source.size)}; Telegram accepts ${LABEL[type]} of at most ${mb(MAX_SIZE[type])}`,
			type === 'photo' ? 'Send it as a Document, or make it smaller.' : 'Make the file smaller.',
		);
	}
	return { property, size: source.size, fileName, mimeType, type, parts: source.parts };
}

/** The InputMedia for an uploaded file of the given type. */
export function inputMediaOf(
	file: MediaFile,
	uploaded: Api.TypeInputFile,
	spoiler: boolean,
): Api.TypeInputMedia {
	if (file.type === 'photo')
		return new Api.InputMediaUploadedPhoto({ file: uploaded, spoiler: spoiler || undefined });
	const attributes: Api.TypeDocumentAttribute[] = [
		new Api.DocumentAttributeFilename({ fileName: file.fileName }),
	];
	const video = (round = false) =>
		new Api.DocumentAttributeVideo({
			duration: 0,
			w: 0,
			h: 0,
			roundMessage: round || undefined,
			supportsStreaming: true,
		});
	if (file.type === 'video') attributes.push(video());
	if (file.type === 'roundVideo') attributes.push(video(true));
	if (file.type === 'animation') {
		attributes.push(new Api.DocumentAttributeAnimated());
		if (file.mimeType === 'video/mp4') attributes.push(video());
	}
	if (file.type === 'voice')
		attributes.push(new Api.DocumentAttributeAudio({ voice: true, duration: 0 }));
	if (file.type === 'audio') attributes.push(new Api.DocumentAttributeAudio({ duration: 0 }));
	if (file.type === 'sticker') {
		attributes.push(
			new Api.DocumentAttributeSticker({ alt: '', stickerset: new Api.InputStickerSetEmpty() }),
		);
	}
	return new Api.InputMediaUploadedDocument({
		file: uploaded,
		mimeType: file.mimeType,
		attributes,
		forceFile: file.type === 'document' || undefined,
		spoiler: spoiler || undefined,
	});
}

/** Which files Telegram lets share one album. */
export function checkAlbum(files: MediaFile[]): void {
	if (files.length > 10) {
		throw new InputError(
			`An album holds at most 10 files; ${files.length} were given`,
			'Split the binary properties over several items.',
		);
	}
	const group = (t: MediaFile['type']) => (t === 'photo' || t === 'video' ? 'visual' : t);
	const groups = new Set(files.map((f) => group(f.type)));
	const allowed = ['visual', 'document', 'audio'];
	if (groups.size > 1 || !allowed.includes([...groups][0])) {
		throw new InputError(
			`These files cannot be one album: ${files.map((f) => `${f.fileName} (${f.type})`).join(', ')}`,
			'An album holds photos and videos together, or only documents, or only audio files.',
		);
	}
}
