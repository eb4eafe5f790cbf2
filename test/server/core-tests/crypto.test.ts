// The table-driven AES and IGE against node:crypto's AES and GramJS's own IGE.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { IGE } from 'telegram/crypto/IGE';
import { aes256Block } from '../core/aes-ige';
import { igeDecrypt, igeEncrypt } from '../core/crypto';

test('AES-256 blocks match node:crypto', () => {
	for (let i = 0; i < 300; i++) {
		const key = randomBytes(32);
		const block = randomBytes(16);
		const enc = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false).update(block);
		const dec = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false).update(block);
		expect(aes256Block(key, block, false)).toEqual(enc);
		expect(aes256Block(key, block, true)).toEqual(dec);
	}
});

test('IGE matches GramJS both ways, and writes at an offset', () => {
	for (let i = 0; i < 40; i++) {
		const key = randomBytes(32);
		const iv = randomBytes(32);
		const data = randomBytes(16 * (1 + i * 13));
		const theirs = Buffer.from(new IGE(key, iv).encryptIge(data));
		expect(igeEncrypt(data, key, iv)).toEqual(theirs);
		const out = Buffer.alloc(data.length + 24, 7);
		igeEncrypt(data, key, iv, out, 24);
		expect(out.subarray(24)).toEqual(theirs);
		expect(out.subarray(0, 24)).toEqual(Buffer.alloc(24, 7));
		expect(igeDecrypt(theirs, key, iv)).toEqual(data);
		expect(Buffer.from(new IGE(key, iv).decryptIge(igeEncrypt(data, key, iv)))).toEqual(data);
	}
});
