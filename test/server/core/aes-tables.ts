// AES S-boxes and the four encryption / decryption T-tables, computed once at load.

export const SBOX = new Uint8Array(256);
export const INV_SBOX = new Uint8Array(256);
export const TE = [
	new Uint32Array(256),
	new Uint32Array(256),
	new Uint32Array(256),
	new Uint32Array(256),
];
export const TD = [
	new Uint32Array(256),
	new Uint32Array(256),
	new Uint32Array(256),
	new Uint32Array(256),
];

(function buildTables() {
	const xtime = (a: number) => ((a << 1) ^ (a & 0x80 ? 0x11b : 0)) & 0xff;
	const mul = (a: number, b: number) => {
		let r = 0;
		while (b) {
			if (b & 1) r ^= a;
			a = xtime(a);
			b >>= 1;
		}
		return r;
	};
	// S-box: multiplicative inverse in GF(2^8), then the affine transform.
	for (let x = 0; x < 256; x++) {
		let inv = 0;
		if (x) for (inv = 1; mul(x, inv) !== 1; inv++);
		let s = inv;
		for (let i = 1; i < 5; i++) s ^= ((inv << i) | (inv >> (8 - i))) & 0xff;
		s ^= 0x63;
		SBOX[x] = s;
		INV_SBOX[s] = x;
	}
	for (let x = 0; x < 256; x++) {
		const s = SBOX[x];
		const e = ((mul(s, 2) << 24) | (s << 16) | (s << 8) | mul(s, 3)) >>> 0;
		const i = INV_SBOX[x];
		const d = ((mul(i, 14) << 24) | (mul(i, 9) << 16) | (mul(i, 13) << 8) | mul(i, 11)) >>> 0;
		for (let k = 0; k < 4; k++) {
			TE[k][x] = ((e >>> (8 * k)) | (e << (32 - 8 * k))) >>> 0;
			TD[k][x] = ((d >>> (8 * k)) | (d << (32 - 8 * k))) >>> 0;
		}
	}
})();
