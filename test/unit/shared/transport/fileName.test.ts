import { MAX_FILE_NAME_BYTES, safeFileName } from '../../../../nodes/shared/transport/fileName';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../../../helpers/leaks';

let handles: HandleCounts;
beforeAll(() => {
	handles = handleSnapshot();
});
afterAll(async () => {
	await expectNoLeakedHandles(handles);
});

describe('safeFileName', () => {
	it('keeps an ordinary name as it is', () => {
		expect(safeFileName('report 2024 (final).pdf')).toBe('report 2024 (final).pdf');
		expect(safeFileName('Отчёт_季度.xlsx')).toBe('Отчёт_季度.xlsx');
	});

	it('keeps only the base name of a path, whichever the separator', () => {
		expect(safeFileName('../../etc/passwd')).toBe('passwd');
		expect(safeFileName('..\\..\\Windows\\win.ini')).toBe('win.ini');
		expect(safeFileName('/abs/path/to/photo.jpg')).toBe('photo.jpg');
	});

	it('drops control characters and right-to-left overrides', () => {
		// U+202E makes "invoice\u202Efdp.exe" read as "invoiceexe.pdf" in a file list.
		expect(safeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
		expect(safeFileName('a\u0000b\nc\u001b[31m.txt')).toBe('abc[31m.txt');
		expect(safeFileName('\u2066name\u2069\u200f.txt')).toBe('name.txt');
	});

	it('refuses names that are empty or only dots once cleaned', () => {
		for (const name of [
			'',
			'   ',
			'.',
			'..',
			'../',
			'...',
			'\u202E',
			'dir/',
			42,
			null,
			undefined,
		]) {
			expect(safeFileName(name)).toBeUndefined();
		}
	});

	it('does not let a name hide itself or use a name Windows reserves', () => {
		expect(safeFileName('.bashrc')).toBe('bashrc');
		expect(safeFileName('name.  ')).toBe('name');
		expect(safeFileName('CON.txt')).toBe('_CON.txt');
		expect(safeFileName('a<b>c:d"e|f?g*.txt')).toBe('a_b_c_d_e_f_g_.txt');
	});

	it('bounds the length in bytes, keeping the extension and whole characters', () => {
		const long = `${'x'.repeat(500)}.mp4`;
		const cut = safeFileName(long)!;
		expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
		expect(cut.endsWith('.mp4')).toBe(true);
		const emoji = safeFileName(`${'😀'.repeat(100)}.png`)!;
		expect(Buffer.byteLength(emoji)).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
		expect(emoji).toMatch(/^(😀)+\.png$/u);
	});
});
