// Media as n8n binary data, only when the user asked and only under the size cap: a trigger that
// downloaded every video of every chat would stall the stream and fill the disk.
import type {
	IBinaryKeyData,
	IDataObject,
	INodeExecutionData,
	ITriggerFunctions,
} from 'n8n-workflow';

import { Api, toLong, type TelegramAccountClient } from '../shared/transport/client';
import type { TelegramCredential } from '../shared/transport/credential';
import { withClient } from '../shared/transport/pool';
import { summarizeMedia, type Tl } from '../shared/transport/serialize';
import { mediaMessages, type Delivery } from './output';
import type { TriggerSettings } from './settings';

const CHUNK = 512 * 1024;

interface FileRef {
	location: Api.TypeInputFileLocation;
	size?: number;
}

function fileOf(media: Tl): FileRef | undefined {
	if (media instanceof Api.MessageMediaDocument && media.document instanceof Api.Document) {
		const d = media.document;
		const location = new Api.InputDocumentFileLocation({
			id: d.id,
			accessHash: d.accessHash,
			fileReference: d.fileReference,
			thumbSize: '',
		});
		return { location, size: Number(d.size.toString()) };
	}
	if (media instanceof Api.MessageMediaPhoto && media.photo instanceof Api.Photo) {
		const p = media.photo;
		const sizes = p.sizes.filter((s): s is Api.PhotoSize => s instanceof Api.PhotoSize);
		const largest = sizes.sort((a, b) => b.size - a.size)[0];
		if (!largest) return undefined;
		const location = new Api.InputPhotoFileLocation({
			id: p.id,
			accessHash: p.accessHash,
			fileReference: p.fileReference,
			thumbSize: largest.type,
		});
		return { location, size: largest.size };
	}
	return undefined;
}

/** The file's bytes, or undefined past the cap (the download stops at the cap). */
async function fetchBytes(
	client: TelegramAccountClient,
	file: FileRef,
	maxBytes: number,
): Promise<Buffer | undefined> {
	const chunks: Buffer[] = [];
	let total = 0;
	for (let offset = 0; ; offset += CHUNK) {
		const answer = await client.invoke(
			new Api.upload.GetFile({ location: file.location, offset: toLong(offset), limit: CHUNK }),
		);
		if (!(answer instanceof Api.upload.File)) return undefined;
		chunks.push(answer.bytes);
		total += answer.bytes.length;
		if (total > maxBytes) return undefined;
		if (answer.bytes.length < CHUNK) return Buffer.concat(chunks);
	}
}

export async function prepareItem(
	fn: ITriggerFunctions,
	credential: TelegramCredential,
	download: TriggerSettings['download'],
	json: IDataObject,
	d: Delivery,
): Promise<INodeExecutionData> {
	const messages = download ? mediaMessages(d) : [];
	if (!download || !messages.length) return { json };
	const binary: IBinaryKeyData = {};
	const skipped: IDataObject[] = [];
	await withClient(credential, async (client) => {
		for (const [index, message] of messages.entries()) {
			const summary = summarizeMedia(message.media as Tl) ?? {};
			const file = fileOf(message.media as Tl);
			const key = index === 0 ? download.binaryProperty : `${download.binaryProperty}${index}`;
			const size = file?.size;
			let reason = file ? 'larger than Max Media Size' : 'not a downloadable file';
			const bytes =
				file && (size === undefined || size <= download.maxBytes)
					? await fetchBytes(client, file, download.maxBytes).catch((error: Error) => {
							// One failed download must not stop the trigger: the item says why.
							reason = error.message;
							return undefined;
						})
					: undefined;
			if (!bytes) {
				skipped.push({ messageId: Number(message.id), size: size ?? null, reason });
				continue;
			}
			const mime = typeof summary.mimeType === 'string' ? summary.mimeType : undefined;
			const name = typeof summary.fileName === 'string' ? summary.fileName : undefined;
			const fallback = `${String(summary.type ?? 'file')}_${d.chatId.replace('-', 'm')}_${String(message.id)}`;
			binary[key] = await fn.helpers.prepareBinaryData(bytes, name ?? fallback, mime);
		}
	});
	if (skipped.length) json.mediaNotDownloaded = skipped;
	return Object.keys(binary).length ? { json, binary } : { json };
}
