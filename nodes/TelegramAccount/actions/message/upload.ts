// Uploads bytes with upload.saveFilePart / saveBigFilePart through the client's invoke, so every
// part gets the request deadline and the flood-wait policy of any other request.
import { randomBytes } from 'node:crypto';

import { Api, toLong, type TelegramAccountClient } from '../../../shared/transport/client';
import { InputError } from '../../../shared/transport/errors';
import { randomId } from './common';
import { inputMediaOf, type MediaFile } from './mediaInput';

/** 512 KB: the largest part Telegram takes; it divides 512 KB as the protocol requires. */
const PART_SIZE = 512 * 1024;
/** Files above 10 MB must use the "big file" calls. */
const BIG_FILE = 10 * 1024 * 1024;
/** Parts in flight at once: faster over a real network, still gentle on the account. */
const PARALLEL_PARTS = 4;

/**
 * Sends the file part by part as it is read: at most PARALLEL_PARTS parts are in memory at once,
 * whatever the file's size (a file in n8n's binary store is never read whole).
 */
export async function uploadFile(
	client: TelegramAccountClient,
	file: MediaFile,
): Promise<Api.TypeInputFile> {
	const fileId = toLong(randomBytes(8).readBigInt64LE(0).toString());
	const parts = Math.ceil(file.size / PART_SIZE);
	const big = file.size > BIG_FILE;
	const source = file.parts(PART_SIZE);
	let next = 0;
	let failed = false;
	// Workers share one generator: its next() calls queue, so each part is read once and in order.
	const worker = async () => {
		while (!failed) {
			const part = await source.next();
			if (part.done) return;
			const filePart = next++;
			const bytes = part.value;
			await client.invoke(
				big
					? new Api.upload.SaveBigFilePart({ fileId, filePart, fileTotalParts: parts, bytes })
					: new Api.upload.SaveFilePart({ fileId, filePart, bytes }),
			);
		}
	};
	const workers = Array.from({ length: Math.min(PARALLEL_PARTS, parts) }, async () => {
		await worker().catch((error: unknown) => {
			failed = true;
			throw error;
		});
	});
	try {
		await Promise.all(workers);
	} finally {
		// Closes the stream if a part failed (a no-op once it ended).
		await Promise.allSettled(workers);
		await source.return(undefined);
	}
	return big
		? new Api.InputFileBig({ id: fileId, parts, name: file.fileName })
		: new Api.InputFile({ id: fileId, parts, name: file.fileName, md5Checksum: '' });
}

/** The InputMedia that points at a file Telegram already stores (from messages.uploadMedia). */
function storedMedia(media: Api.TypeMessageMedia, spoiler: boolean): Api.TypeInputMedia {
	if (media instanceof Api.MessageMediaPhoto && media.photo instanceof Api.Photo) {
		const { id, accessHash, fileReference } = media.photo;
		const photo = new Api.InputPhoto({ id, accessHash, fileReference });
		return new Api.InputMediaPhoto({ id: photo, spoiler: spoiler || undefined });
	}
	if (media instanceof Api.MessageMediaDocument && media.document instanceof Api.Document) {
		const { id, accessHash, fileReference } = media.document;
		const document = new Api.InputDocument({ id, accessHash, fileReference });
		return new Api.InputMediaDocument({ id: document, spoiler: spoiler || undefined });
	}
	throw new InputError(
		'Telegram did not store the uploaded file as media',
		'Try again, or send the file as a Document.',
	);
}

/**
 * An album's entries: each file is uploaded and stored as media first (messages.uploadMedia), as
 * messages.sendMultiMedia takes only media Telegram already has. The caption goes under the first.
 */
export async function albumMedia(
	client: TelegramAccountClient,
	peer: Api.TypeInputPeer,
	files: MediaFile[],
	caption: { text: string; entities?: Api.TypeMessageEntity[] },
	spoiler: boolean,
): Promise<Api.InputSingleMedia[]> {
	const multiMedia: Api.InputSingleMedia[] = [];
	for (const [index, file] of files.entries()) {
		const uploaded = await uploadFile(client, file);
		const stored = await client.invoke(
			new Api.messages.UploadMedia({ peer, media: inputMediaOf(file, uploaded, spoiler) }),
		);
		multiMedia.push(
			new Api.InputSingleMedia({
				media: storedMedia(stored, spoiler),
				randomId: randomId(),
				message: index === 0 ? caption.text : '',
				entities: index === 0 ? caption.entities : undefined,
			}),
		);
	}
	return multiMedia;
}
