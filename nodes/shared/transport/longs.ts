// GramJS reads every TL `long` (user ids, access hashes, message ids of the protocol: several per
// history message) by copying the 8 bytes, reversing them, printing them as hex and parsing that
// with big-integer; in a real n8n that was a quarter of a history page's parse time and much of
// its garbage. Node reads the same 8 bytes natively; the value and its type stay the same.
// See docs/decisions/0012-native-long-reader.md.

/** The part of GramJS's BinaryReader this touches. */
export interface LongReaderClass {
	prototype: { read(length: number): Buffer; readLong(signed?: boolean): unknown };
}

const PATCHED = Symbol.for('n8n-nodes-telegram-account.nativeLongs');

/**
 * Replaces `readLong` on GramJS's BinaryReader with a native read; `toBigInteger` turns the native
 * bigint into GramJS's big-integer value. Idempotent (several copies of this package may load).
 */
export function readLongsNatively(
	reader: LongReaderClass,
	toBigInteger: (value: bigint) => unknown,
): void {
	const proto = reader.prototype as LongReaderClass['prototype'] & { [PATCHED]?: true };
	if (proto[PATCHED]) return;
	proto.readLong = function (this: LongReaderClass['prototype'], signed = true) {
		const bytes = this.read(8);
		return toBigInteger(signed ? bytes.readBigInt64LE(0) : bytes.readBigUInt64LE(0));
	};
	proto[PATCHED] = true;
}
