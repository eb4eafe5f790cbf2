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

export async function uploadBytes(
	client: TelegramAccountClient,
	bytes: Buffer,
	fileName: string,
): Promise<Api.TypeInputFile> {
	const fileId = toLong(randomBytes(8).readBigInt64LE(0).toString());
	const parts = Math.ceil(bytes.length / PART_SIZE);
	const big = bytes.length > BIG_FILE;
	let next = 0;
	const worker = async () => {
		while (next < parts) {
			const filePart = next++;
			const chunk = bytes.subarray(filePart * PART_SIZE, (filePart + 1) * PART_SIZE);
			await client.invoke(
				big
					? new Api.upload.SaveBigFilePart({
							fileId,
							filePart,
							fileTotalParts: parts,
							bytes: chunk,
						})
					: new Api.upload.SaveFilePart({ fileId, filePart, bytes: chunk }),
			);
		}
	};
	await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, parts) }, worker));
	return big
		? new Api.InputFileBig({ id: fileId, parts, name: fileName })
		: new Api.InputFile({ id: fileId, parts, name: fileName, md5Checksum: '' });
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
		const uploaded = await uploadBytes(client, file.bytes, file.fileName);
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
