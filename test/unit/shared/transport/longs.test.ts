// The node reads TL longs natively (nodes/shared/transport/longs.ts): every value GramJS's own
// hex-and-parse reader gives must come out the same, signed and unsigned, and whole objects
// carrying longs must parse as before.
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions';
import { readBigIntFromBuffer } from 'telegram/Helpers';

import '../../../../nodes/shared/transport/client';

const EDGES = [
	'0',
	'1',
	'-1',
	'255',
	'256',
	'9007199254740991',
	'9007199254740993',
	'-9007199254740993',
	'9223372036854775807',
	'-9223372036854775808',
	'1234567890123456789',
	'-1234567890123456789',
];

const bytesOf = (value: bigint): Buffer => {
	const b = Buffer.alloc(8);
	b.writeBigUInt64LE(BigInt.asUintN(64, value));
	return b;
};

describe('reading TL longs natively', () => {
	it('gives the value and type GramJS gives, signed and unsigned', () => {
		for (const text of EDGES) {
			const bytes = bytesOf(BigInt(text));
			for (const signed of [true, false]) {
				const want = readBigIntFromBuffer(bytes, true, signed);
				const got = new BinaryReader(Buffer.concat([bytes, Buffer.from([7])])).readLong(signed);
				expect(bigInt.isInstance(got)).toBe(true);
				expect(got.toString()).toBe(want.toString());
				expect(got.equals(want)).toBe(true);
			}
		}
	});

	it('moves past the 8 bytes it read and fails on a short buffer as before', () => {
		const reader = new BinaryReader(Buffer.concat([bytesOf(5n), bytesOf(-6n)]));
		expect(reader.readLong().toString()).toBe('5');
		expect(reader.readLong().toString()).toBe('-6');
		expect(() => new BinaryReader(Buffer.alloc(4)).readLong()).toThrow(/No more data/);
	});

	it('reads without the hex round trip of GramJS', () => {
		const slow = jest.spyOn(BinaryReader.prototype, 'readLargeInt');
		try {
			expect(new BinaryReader(bytesOf(42n)).readLong().toString()).toBe('42');
			expect(slow).not.toHaveBeenCalled();
		} finally {
			slow.mockRestore();
		}
	});

	it('parses a user with a large id and a negative access hash', () => {
		const user = new Api.User({
			id: bigInt('5123456789012'),
			accessHash: bigInt('-8070450532247928832'),
			firstName: 'Ann',
		} as never);
		const parsed = new BinaryReader(user.getBytes()).tgReadObject() as Api.User;
		expect(parsed.id.toString()).toBe('5123456789012');
		expect(parsed.accessHash?.toString()).toBe('-8070450532247928832');
	});
});
