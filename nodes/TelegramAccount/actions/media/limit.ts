// Max File Size of Download: a cap in bytes, or "no limit" chosen by name (0 no longer means it).
import type { ParameterReader } from '../../../shared/params/reader';
import { InputError } from '../../../shared/transport/errors';
import type { FileTooLargeError } from '../../../shared/transport/files';

const MB = 1024 * 1024;
const mb = (bytes: number, digits = 0) =>
	`${digits ? (bytes / MB).toFixed(digits) : Number((bytes / MB).toFixed(1))} MB`;

/** The cap in bytes, or null when the user chose No Size Limit. */
export function readLimit(options: ParameterReader): number | null {
	if (options.boolean('noSizeLimit', false)) return null;
	const maxMb = options.number('maxSizeMb', 100);
	// 0 used to mean "no limit": an unbounded download must now be chosen by name.
	if (maxMb <= 0) {
		throw options.error(
			'maxSizeMb',
			'is 0, which no longer means "no limit"',
			'Set a size in MB, or switch on No Size Limit to download a file of any size.',
		);
	}
	return maxMb * MB;
}

/** What the user reads when a file is over the cap, declared or found while downloading. */
export function tooLarge(error: FileTooLargeError, declaredSize?: number): InputError {
	const size = error.seenBytes === declaredSize ? `is ${mb(error.seenBytes, 1)}` : 'is larger';
	return new InputError(
		`The file ${size}, over the ${mb(error.maxBytes)} limit set in Max File Size`,
		'Raise Max File Size, or switch on No Size Limit if n8n can hold a file this large.',
	);
}
