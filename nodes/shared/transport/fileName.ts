// File names come from whoever sent the file. n8n hands them to the next node, which may write
// the binary to disk under that name: keep only a safe base name, as n8n's own Telegram node does.

/** Control characters and Unicode direction marks / overrides. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Characters Windows refuses in a file name. */
const RESERVED = /[<>:"|?*]/g;
/** Device names Windows will not create as files, whatever the extension. */
const DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;
/** Bytes (UTF-8): under the 255 most file systems allow, with room for a suffix. */
export const MAX_FILE_NAME_BYTES = 200;

/** The last path segment of `name`, cleaned; undefined when nothing usable is left. */
export function safeFileName(name: unknown): string | undefined {
	if (typeof name !== 'string') return undefined;
	const base = name.split(/[/\\]/).pop() ?? '';
	const clean = base
		.normalize('NFC')
		.replace(UNSAFE, '')
		.replace(RESERVED, '_')
		// Leading dots hide a file (or climb a directory); trailing dots and spaces vanish on Windows.
		.replace(/^[\s.]+|[\s.]+$/g, '');
	if (!clean) return undefined;
	return bounded(DEVICE.test(clean) ? `_${clean}` : clean);
}

/** Cuts the name (never an emoji in half) to MAX_FILE_NAME_BYTES, keeping a short extension. */
function bounded(name: string): string {
	if (Buffer.byteLength(name) <= MAX_FILE_NAME_BYTES) return name;
	const dot = name.lastIndexOf('.');
	const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
	const stem = Array.from(name.slice(0, name.length - ext.length));
	while (stem.length && Buffer.byteLength(stem.join('') + ext) > MAX_FILE_NAME_BYTES) stem.pop();
	return stem.join('') + ext;
}
