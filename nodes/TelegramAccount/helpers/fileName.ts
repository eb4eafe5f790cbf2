// The name a downloaded file gets in n8n: the sender's own name made safe, or one made from the
// chat and message for media that have none (photos, voice notes).
import type { IDataObject } from 'n8n-workflow';

import { safeFileName } from '../../shared/transport/fileName';

const EXTENSIONS: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'video/mp4': 'mp4',
	'video/webm': 'webm',
	'video/quicktime': 'mov',
	'audio/ogg': 'ogg',
	'audio/mpeg': 'mp3',
	'audio/mp4': 'm4a',
	'audio/x-wav': 'wav',
	'application/pdf': 'pdf',
	'application/octet-stream': 'bin',
	'application/zip': 'zip',
	'application/x-tgsticker': 'tgs',
	'text/plain': 'txt',
};

/** The file's own name, or one made unique by chat and message: photos and voice notes have none. */
export function fileNameOf(media: IDataObject, chatId: string, messageId: number): string {
	const own = safeFileName(media.fileName);
	if (own) return own;
	const mime = typeof media.mimeType === 'string' ? media.mimeType : '';
	const ext =
		EXTENSIONS[mime] ??
		(mime
			.split('/')[1]
			?.replace(/^x-/, '')
			.replace(/[^a-z0-9]/gi, '')
			.slice(0, 10) ||
			'bin');
	return `${String(media.type ?? 'file')}_${chatId.replace('-', 'm')}_${messageId}.${ext}`;
}
