import { Api } from '../../nodes/shared/transport/client';
import { MAX_TEXT, splitText, textParts } from '../../nodes/TelegramAccount/actions/message/text';
import { sniffMime } from '../../nodes/TelegramAccount/actions/message/mediaInput';
import { fileNameOf } from '../../nodes/TelegramAccount/helpers/fileName';

describe('splitText', () => {
	it('cuts at paragraphs first, keeps every character in order', () => {
		const text = ['a'.repeat(3000), 'b'.repeat(3000), 'c'.repeat(100)].join('\n\n');
		const parts = splitText({ text, entities: [] });
		expect(parts.map((p) => p.text.length)).toEqual([3002, 3102]);
		expect(parts.map((p) => p.text).join('')).toBe(text);
	});

	it('falls back to a hard cut without splitting an emoji', () => {
		const text = `${'x'.repeat(MAX_TEXT - 1)}😀${'y'.repeat(10)}`;
		const parts = splitText({ text, entities: [] });
		expect(parts[0].text).toBe('x'.repeat(MAX_TEXT - 1));
		expect(parts[1].text.startsWith('😀')).toBe(true);
		expect(parts.map((p) => p.text).join('')).toBe(text);
	});

	it('clips an entity that crosses a cut into both parts', () => {
		const text = `${'a '.repeat(3000)}`;
		const bold = new Api.MessageEntityBold({ offset: 4000, length: 500 });
		const parts = splitText({ text, entities: [bold] });
		const [first, second] = parts.map((p) => p.entities[0]);
		expect(first).toBeInstanceOf(Api.MessageEntityBold);
		expect(first.offset + first.length).toBe(parts[0].text.length);
		expect(second.offset).toBe(0);
		expect(first.length + second.length).toBe(500);
		expect(bold.offset).toBe(4000);
	});

	it('rejects an empty text and keeps a short one whole', () => {
		expect(() => textParts({ text: '  ', entities: [] }, 'split')).toThrow(/empty/);
		expect(textParts({ text: 'hi', entities: [] }, 'reject')).toHaveLength(1);
	});
});

describe('media helpers', () => {
	it('knows common files by their first bytes', () => {
		expect(sniffMime(Buffer.from([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg');
		expect(sniffMime(Buffer.from('%PDF-1.4'))).toBe('application/pdf');
		expect(sniffMime(Buffer.from('OggS\0\0'))).toBe('audio/ogg');
		expect(sniffMime(Buffer.from('hello world'))).toBeUndefined();
	});

	it('names a file that has no name after its chat and message', () => {
		expect(fileNameOf({ type: 'voice', mimeType: 'audio/ogg' }, '-1001234', 7)).toBe(
			'voice_m1001234_7.ogg',
		);
		expect(
			fileNameOf({ type: 'document', fileName: ' a.pdf ', mimeType: 'application/pdf' }, '5', 1),
		).toBe('a.pdf');
		expect(fileNameOf({ type: 'document', mimeType: 'application/x-weird+thing' }, '5', 2)).toBe(
			'document_5_2.weirdthing',
		);
	});
});
