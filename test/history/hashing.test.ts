// The de-duplication hashes must not change between runs, versions or processes: a store keeps them.
import {
	mediaHash,
	normalizeText,
	textHash,
} from '../../nodes/TelegramAccount/actions/history/hashing';
import type { Tl } from '../../nodes/shared/transport/serialize';

const photo = (id: string): Tl => ({
	className: 'MessageMediaPhoto',
	photo: { className: 'Photo', id },
});

describe('textHash', () => {
	it('ignores case, spacing, invisible characters and compatibility forms', () => {
		expect(normalizeText('  Hello\u200b   WORLD\n\tagain ')).toBe('hello world again');
		expect(textHash('Ｈｅｌｌｏ world')).toBe(textHash('hello   World'));
		expect(textHash('hello world')).not.toBe(textHash('hello world!'));
		expect(textHash('   ')).toBeNull();
	});

	it('is a fixed function of the text (stored hashes stay valid)', () => {
		expect(textHash('Hello world')).toBe('1b5e019ac95efa328c17ceaf33b02fa9');
		expect(textHash('Ｈｅｌｌｏ  world ')).toBe('1b5e019ac95efa328c17ceaf33b02fa9');
	});

	it('normalises plain ASCII text exactly as any other text', () => {
		// The full rule, spelled out: the shortcut for plain ASCII must agree with it.
		const full = (t: string) =>
			t
				.normalize('NFKC')
				.replace(/[\u200b-\u200f\u2060\ufeff\u00ad]/g, '')
				.toLowerCase()
				.replace(/\s+/g, ' ')
				.trim();
		const texts = [
			'Hello World',
			'a  b',
			' lead',
			'trail ',
			'TAB\there',
			'x',
			'~!@#$%^&*()_+',
			'Ab1 cD2',
		];
		for (const text of texts) expect(normalizeText(text)).toBe(full(text));
	});
});

describe('mediaHash', () => {
	it('identifies a file by its Telegram id, whatever message carries it', () => {
		expect(mediaHash(photo('5001'))).toBe(mediaHash(photo('5001')));
		expect(mediaHash(photo('5001'))).not.toBe(mediaHash(photo('5002')));
		const doc = {
			className: 'MessageMediaDocument',
			document: { className: 'Document', id: '5001' },
		} as Tl;
		expect(mediaHash(doc)).not.toBe(mediaHash(photo('5001')));
		expect(
			mediaHash({
				className: 'MessageMediaWebPage',
				webpage: { className: 'WebPage', url: 'https://a.b/c' },
			} as Tl),
		).toMatch(/^[0-9a-f]{32}$/);
		expect(mediaHash(undefined)).toBeNull();
		expect(mediaHash({ className: 'MessageMediaEmpty' })).toBeNull();
	});
});
