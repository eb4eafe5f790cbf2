// Downloads a message's photo or document with upload.getFile through the client's own invoke:
// one connection, the request deadline and the flood policy. GramJS's download helpers open a
// second ("exported") connection even for the home DC, and its destroy() never closes that one (it
// walks a Map with Object.values), so they are used only for files stored on another DC.
import { cacheOf, type CacheKey } from './caches';
import { Api, toLong, type TelegramAccountClient } from './client';

/** Telegram's largest chunk; it divides 1 MB, so no request crosses a 1 MB boundary. */
const CHUNK = 512 * 1024;
/** Chunks in flight at once when the size is known. */
const PARALLEL = 4;

export interface RemoteFile {
	location: Api.TypeInputFileLocation;
	dcId: number;
	/** Bytes, when Telegram says (documents always; photos through their largest size). */
	size?: number;
}

type PhotoSizeLike = Api.TypePhotoSize;

function largestSize(sizes: PhotoSizeLike[]): { type: string; size?: number } | undefined {
	let best: { type: string; size?: number } | undefined;
	for (const s of sizes) {
		const size =
			s instanceof Api.PhotoSize
				? s.size
				: s instanceof Api.PhotoSizeProgressive
					? Math.max(...s.sizes)
					: s instanceof Api.PhotoCachedSize
						? s.bytes.length
						: undefined;
		if (size !== undefined && (best?.size === undefined || size > best.size))
			best = { type: s.type, size };
	}
	return best;
}

export function remoteFileOf(media: Api.TypeMessageMedia): RemoteFile | undefined {
	if (media instanceof Api.MessageMediaDocument && media.document instanceof Api.Document) {
		const d = media.document;
		return {
			location: new Api.InputDocumentFileLocation({
				id: d.id,
				accessHash: d.accessHash,
				fileReference: d.fileReference,
				thumbSize: '',
			}),
			dcId: d.dcId,
			size: Number(d.size.toString()),
		};
	}
	if (media instanceof Api.MessageMediaPhoto && media.photo instanceof Api.Photo) {
		const p = media.photo;
		const largest = largestSize(p.sizes);
		if (!largest) return undefined;
		return {
			location: new Api.InputPhotoFileLocation({
				id: p.id,
				accessHash: p.accessHash,
				fileReference: p.fileReference,
				thumbSize: largest.type,
			}),
			dcId: p.dcId,
			size: largest.size,
		};
	}
	return undefined;
}

/** A download stopped because the file passed the caller's cap. */
export class FileTooLargeError extends Error {
	constructor(
		readonly maxBytes: number,
		/** The size Telegram declared, or the bytes received when the download stopped. */
		readonly seenBytes: number,
	) {
		super(`The file is larger than ${maxBytes} bytes`);
	}
}

/** How many bytes a download may keep; `null` is "no limit", which a caller must choose. */
export interface DownloadLimit {
	maxBytes: number | null;
}

/** Counts received bytes; the error to stop with once they pass the cap. */
function budgetOf(limit: DownloadLimit): (bytes: number) => FileTooLargeError | undefined {
	let received = 0;
	return (bytes) => {
		received += bytes;
		const over = limit.maxBytes !== null && received > limit.maxBytes;
		return over ? new FileTooLargeError(limit.maxBytes!, received) : undefined;
	};
}

async function chunkAt(
	client: TelegramAccountClient,
	file: RemoteFile,
	offset: number,
): Promise<Buffer> {
	const answer = await client.invoke(
		new Api.upload.GetFile({ location: file.location, offset: toLong(offset), limit: CHUNK }),
	);
	if (!(answer instanceof Api.upload.File))
		throw new Error('Telegram sent the file through a CDN, which this node does not support');
	return answer.bytes;
}

/** Fails at once when the size Telegram declared is over the limit: nothing is downloaded. */
export function checkDeclaredSize(file: RemoteFile, limit: DownloadLimit): void {
	if (limit.maxBytes !== null && file.size !== undefined && file.size > limit.maxBytes) {
		throw new FileTooLargeError(limit.maxBytes, file.size);
	}
}

/**
 * The file's parts in order, fetched only as they are read (a few ahead when the size is known),
 * checked against the limit: a file over it fails with FileTooLargeError before its declared size
 * is asked for, or at most one part past the cap.
 */
export async function* fileParts(
	client: TelegramAccountClient,
	file: RemoteFile,
	limit: DownloadLimit,
): AsyncGenerator<Buffer> {
	checkDeclaredSize(file, limit);
	const take = budgetOf(limit);
	const parts =
		file.dcId !== client.session.dcId
			? fromOtherDc(client, file)
			: file.size !== undefined
				? knownSize(client, file, file.size)
				: unknownSize(client, file);
	for await (const chunk of parts) {
		const over = take(chunk.length);
		if (over) throw over;
		yield chunk;
	}
}

/** The whole file in one buffer, under the same checks (for callers that cap it small). */
export async function fetchFile(
	client: TelegramAccountClient,
	file: RemoteFile,
	limit: DownloadLimit,
): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of fileParts(client, file, limit)) chunks.push(chunk);
	return Buffer.concat(chunks);
}

/** The declared size bounds the parts asked for; PARALLEL of them are in flight at once. */
async function* knownSize(
	client: TelegramAccountClient,
	file: RemoteFile,
	size: number,
): AsyncGenerator<Buffer> {
	const count = Math.max(1, Math.ceil(size / CHUNK));
	const window: Array<Promise<Buffer>> = [];
	let asked = 0;
	try {
		while (asked < count || window.length) {
			while (asked < count && window.length < PARALLEL) {
				const request = chunkAt(client, file, asked++ * CHUNK);
				// Awaited in order below; a part still in flight when the reader stops is settled there.
				request.catch(() => undefined);
				window.push(request);
			}
			yield await window.shift()!;
		}
	} finally {
		await Promise.allSettled(window);
	}
}

async function* unknownSize(
	client: TelegramAccountClient,
	file: RemoteFile,
): AsyncGenerator<Buffer> {
	for (let offset = 0; ; offset += CHUNK) {
		const chunk = await chunkAt(client, file, offset);
		yield chunk;
		if (chunk.length < CHUNK) return;
	}
}

const OTHER_DC_DOWNLOADS: CacheKey<{ active: number }> = {
	name: 'otherDcDownloads',
	create: () => ({ active: 0 }),
};

/**
 * A file on another DC, over GramJS's "exported" connection to that DC, one part at a time. GramJS
 * keeps those connections 30 s behind timers its destroy() never clears: close them all once the
 * last such download of this client is done.
 */
async function* fromOtherDc(
	client: TelegramAccountClient,
	file: RemoteFile,
): AsyncGenerator<Buffer> {
	const downloads = cacheOf(client, OTHER_DC_DOWNLOADS);
	downloads.active++;
	try {
		const download = client.iterDownload({
			file: file.location,
			dcId: file.dcId,
			requestSize: CHUNK,
		});
		const parts = download[Symbol.asyncIterator]();
		for (;;) {
			// GramJS sends these through the exported connection without a deadline of its own.
			const part = await client.withDeadline(parts.next(), 'upload.GetFile');
			if (part.done) return;
			yield part.value as Buffer;
		}
	} finally {
		downloads.active--;
		if (downloads.active === 0) await client.releaseExportedSenders();
	}
}
