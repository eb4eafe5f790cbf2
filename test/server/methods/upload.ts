// upload.*: file parts in, file ranges out, with Telegram's offset / limit rules.
import { Api } from 'telegram';
import { toNum, toStr } from '../world/ids';
import { fail, me, type Ctx, type MethodTable } from './context';

const MB = 1024 * 1024;
const MAX_PART = 512 * 1024;

function savePart(ctx: Ctx, fileId: unknown, part: number, bytes: Buffer): boolean {
	const uid = me(ctx);
	if (part < 0 || part > 7999) fail(400, 'FILE_PART_INVALID');
	if (!bytes?.length) fail(400, 'FILE_PART_EMPTY');
	if (bytes.length > MAX_PART) fail(400, 'FILE_PART_TOO_BIG');
	const key = `${uid}:${toStr(fileId)}`;
	let parts = ctx.w.uploads.get(key);
	if (!parts) ctx.w.uploads.set(key, (parts = new Map()));
	parts.set(part, bytes);
	return true;
}

export const uploadMethods: MethodTable = {
	'upload.SaveFilePart': (ctx, req: Api.upload.SaveFilePart) =>
		savePart(ctx, req.fileId, req.filePart, req.bytes),
	'upload.SaveBigFilePart': (ctx, req: Api.upload.SaveBigFilePart) => {
		if (req.fileTotalParts <= 0 || req.filePart >= req.fileTotalParts)
			fail(400, 'FILE_PARTS_INVALID');
		return savePart(ctx, req.fileId, req.filePart, req.bytes);
	},
	'upload.GetFile': (ctx, req: Api.upload.GetFile) => {
		me(ctx);
		const loc = req.location;
		if (
			!(loc instanceof Api.InputDocumentFileLocation) &&
			!(loc instanceof Api.InputPhotoFileLocation)
		) {
			return fail(400, 'LOCATION_INVALID');
		}
		const media = ctx.w.media.get(toStr(loc.id));
		if (!media || media.accessHash !== toStr(loc.accessHash)) return fail(400, 'FILE_ID_INVALID');
		// Files live on one DC; GramJS downloads documents from its own DC and follows this.
		if (media.dcId !== ctx.dcId) fail(303, `FILE_MIGRATE_${media.dcId}`);
		const offset = toNum(req.offset);
		const limit = req.limit;
		const unit = req.precise ? 1024 : 4096;
		if (offset < 0 || offset % unit !== 0) fail(400, 'OFFSET_INVALID');
		if (limit <= 0 || limit > MB || limit % unit !== 0) fail(400, 'LIMIT_INVALID');
		// Outside precise mode a chunk may not cross a 1 MB boundary.
		if (
			!req.precise &&
			(MB % limit !== 0 || Math.floor(offset / MB) !== Math.floor((offset + limit - 1) / MB))
		) {
			fail(400, 'LIMIT_INVALID');
		}
		return new Api.upload.File({
			type: new Api.storage.FilePartial(),
			mtime: media.date,
			bytes: media.bytes.subarray(offset, offset + limit),
		});
	},
};
