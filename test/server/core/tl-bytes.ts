// Minimal TL reading and writing for the service layer and the handshake, where building a
// GramJS object would cost more than the few bytes it writes.

export class TlReader {
	constructor(
		readonly buf: Buffer,
		public at = 0,
	) {}

	get left(): number {
		return this.buf.length - this.at;
	}

	private need(n: number): void {
		if (this.at + n > this.buf.length) throw new RangeError('TL data too short');
	}

	uint32(): number {
		this.need(4);
		const v = this.buf.readUInt32LE(this.at);
		this.at += 4;
		return v;
	}

	int32(): number {
		this.need(4);
		const v = this.buf.readInt32LE(this.at);
		this.at += 4;
		return v;
	}

	int64(): bigint {
		this.need(8);
		const v = this.buf.readBigInt64LE(this.at);
		this.at += 8;
		return v;
	}

	raw(n: number): Buffer {
		this.need(n);
		const v = this.buf.subarray(this.at, this.at + n);
		this.at += n;
		return v;
	}

	bytes(): Buffer {
		this.need(1);
		let len = this.buf[this.at];
		let head = 1;
		if (len === 254) {
			this.need(4);
			len = this.buf.readUIntLE(this.at + 1, 3);
			head = 4;
		}
		const total = head + len;
		this.need(total);
		const v = this.buf.subarray(this.at + head, this.at + total);
		this.at += total + ((4 - (total % 4)) % 4);
		return v;
	}

	/** Vector<long> (boxed). */
	longVector(): bigint[] {
		if (this.uint32() !== 0x1cb5c415) throw new RangeError('vector expected');
		const n = this.int32();
		if (n < 0 || n * 8 > this.left) throw new RangeError('bad vector length');
		const out: bigint[] = [];
		for (let i = 0; i < n; i++) out.push(this.int64());
		return out;
	}
}

export class TlWriter {
	private buf: Buffer;
	private at = 0;

	constructor(size = 256) {
		this.buf = Buffer.allocUnsafe(size);
	}

	private room(n: number): void {
		if (this.at + n <= this.buf.length) return;
		const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
		this.buf.copy(next, 0, 0, this.at);
		this.buf = next;
	}

	uint32(v: number): this {
		this.room(4);
		this.buf.writeUInt32LE(v >>> 0, this.at);
		this.at += 4;
		return this;
	}

	int32(v: number): this {
		this.room(4);
		this.buf.writeInt32LE(v, this.at);
		this.at += 4;
		return this;
	}

	int64(v: bigint): this {
		this.room(8);
		this.buf.writeBigInt64LE(BigInt.asIntN(64, v), this.at);
		this.at += 8;
		return this;
	}

	raw(b: Buffer): this {
		this.room(b.length);
		b.copy(this.buf, this.at);
		this.at += b.length;
		return this;
	}

	bytes(b: Buffer): this {
		const head = b.length < 254 ? 1 : 4;
		const total = head + b.length;
		const pad = (4 - (total % 4)) % 4;
		this.room(total + pad);
		if (head === 1) this.buf[this.at] = b.length;
		else {
			this.buf[this.at] = 254;
			this.buf.writeUIntLE(b.length, this.at + 1, 3);
		}
		b.copy(this.buf, this.at + head);
		this.buf.fill(0, this.at + total, this.at + total + pad);
		this.at += total + pad;
		return this;
	}

	string(s: string): this {
		return this.bytes(Buffer.from(s, 'utf8'));
	}

	longVector(v: bigint[]): this {
		this.uint32(0x1cb5c415).int32(v.length);
		for (const x of v) this.int64(x);
		return this;
	}

	done(): Buffer {
		return this.buf.subarray(0, this.at);
	}
}
