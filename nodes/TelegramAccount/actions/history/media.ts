// Optional media download for collected messages: each file under a per-file cap, all of them
// under a per-run cap; what is skipped says why in `binarySkipped`.
import type { IBinaryKeyData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Api, TelegramAccountClient } from '../../../shared/transport/client';
import { fetchFile, FileTooLargeError, remoteFileOf } from '../../../shared/transport/files';
import { fileNameOf } from '../../helpers/fileName';
import type { Collected } from './collect';
import type { MediaDownload } from './settings';

export interface MediaBudget {
	usedBytes: number;
	files: number;
}

/** Downloads the media of one collected message into binary data, if it fits the caps. */
export async function downloadInto(
	fn: IExecuteFunctions,
	client: TelegramAccountClient,
	item: Collected,
	caps: MediaDownload,
	budget: MediaBudget,
): Promise<IBinaryKeyData | undefined> {
	const media = item.raw?.media as Api.TypeMessageMedia | undefined;
	const file = media ? remoteFileOf(media) : undefined;
	if (!media || !file) return undefined;
	const json = item.json;
	const skip = (reason: string) => {
		json.binarySkipped = reason;
		return undefined;
	};
	if (file.size !== undefined && file.size > caps.maxFileBytes) return skip('fileTooLarge');
	if (budget.usedBytes + (file.size ?? 0) > caps.maxTotalBytes) return skip('runLimitReached');
	// The download stops at whichever cap it reaches first, part by part.
	const left = caps.maxTotalBytes - budget.usedBytes;
	const maxBytes = Math.min(caps.maxFileBytes, left);
	const bytes = await fetchFile(client, file, { maxBytes }).catch((error: unknown) => {
		if (!(error instanceof FileTooLargeError)) throw error;
		return error.seenBytes > caps.maxFileBytes ? 'fileTooLarge' : 'runLimitReached';
	});
	if (typeof bytes === 'string') return skip(bytes);
	budget.usedBytes += bytes.length;
	budget.files++;
	const summary = (json.media ?? {}) as IDataObject;
	const fileName = fileNameOf(summary, String(json.chatId ?? ''), item.id);
	const mimeType = typeof summary.mimeType === 'string' ? summary.mimeType : undefined;
	return { [caps.binaryProperty]: await fn.helpers.prepareBinaryData(bytes, fileName, mimeType) };
}
