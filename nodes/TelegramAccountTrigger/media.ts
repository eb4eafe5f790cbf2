// Media as n8n binary data, only when the user asked and only under the size cap: a trigger that
// downloaded every video of every chat would stall the stream and fill the disk.
import type {
	IBinaryKeyData,
	IDataObject,
	INodeExecutionData,
	ITriggerFunctions,
} from 'n8n-workflow';

import type { Api } from '../shared/transport/client';
import type { TelegramCredential } from '../shared/transport/credential';
import { fetchFile, FileTooLargeError, remoteFileOf } from '../shared/transport/files';
import { withClient } from '../shared/transport/pool';
import { summarizeMedia, type Tl } from '../shared/transport/serialize';
import { mediaMessages, type Delivery } from './output';
import type { TriggerSettings } from './settings';

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
			const file = remoteFileOf(message.media as unknown as Api.TypeMessageMedia);
			const key = index === 0 ? download.binaryProperty : `${download.binaryProperty}${index}`;
			const size = file?.size;
			let reason = file ? 'larger than Max Media Size' : 'not a downloadable file';
			const bytes = file
				? await fetchFile(client, file, { maxBytes: download.maxBytes }).catch((error: Error) => {
						// One failed download must not stop the trigger: the item says why.
						if (!(error instanceof FileTooLargeError)) reason = error.message;
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
