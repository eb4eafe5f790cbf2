// Downloads a message's photo or document with upload.getFile through the client's own invoke:
// one connection, the request deadline and the flood policy. GramJS's downloadMedia opens a second
// ("exported") connection even for the home DC, and its destroy() never closes that one (it walks a
// Map with Object.values), so it is used only for files stored on another DC.
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

export async function fetchFile(
	client: TelegramAccountClient,
	media: Api.TypeMessageMedia,
	file: RemoteFile,
): Promise<Buffer> {
	if (file.dcId !== client.session.dcId) return await fromOtherDc(client, media);
	if (file.size !== undefined) {
		const count = Math.max(1, Math.ceil(file.size / CHUNK));
		const chunks: Buffer[] = new Array<Buffer>(count);
		let next = 0;
		const worker = async () => {
			while (next < count) {
				const index = next++;
				chunks[index] = await chunkAt(client, file, index * CHUNK);
			}
		};
		await Promise.all(Array.from({ length: Math.min(PARALLEL, count) }, worker));
		return Buffer.concat(chunks);
	}
	const chunks: Buffer[] = [];
	for (let offset = 0; ; offset += CHUNK) {
		const chunk = await chunkAt(client, file, offset);
		chunks.push(chunk);
		if (chunk.length < CHUNK) return Buffer.concat(chunks);
	}
}

const OTHER_DC_DOWNLOADS: CacheKey<{ active: number }> = {
	name: 'otherDcDownloads',
	create: () => ({ active: 0 }),
};

/**
 * GramJS downloads from another DC over "exported" connections (it may borrow one for the home DC
 * too) that it keeps 30 s behind timers its destroy() never clears: close them all once the last
 * such download of this client is done.
 */
async function fromOtherDc(
	client: TelegramAccountClient,
	media: Api.TypeMessageMedia,
): Promise<Buffer> {
	const downloads = cacheOf(client, OTHER_DC_DOWNLOADS);
	downloads.active++;
	try {
		const bytes = await client.downloadMedia(media, {});
		return Buffer.isBuffer(bytes) ? bytes : Buffer.alloc(0);
	} finally {
		downloads.active--;
		if (downloads.active === 0) await client.releaseExportedSenders();
	}
}
