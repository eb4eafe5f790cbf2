// mtcute's own SRP (2FA) and file code against the loopback server: a wrong password is refused
// with PASSWORD_HASH_INVALID and the right one signs in; a file sent as a document through
// upload.saveFilePart / saveBigFilePart comes back byte-identical through upload.getFile.
import './mtcute-quiet';
import { randomBytes } from 'node:crypto';
import { tl, type Document, type User } from '@mtcute/core';
import { withDeadline } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { protocolComplaints, withClient, loginWithCode } from './fixture';
import { startCrosscheckServer, type CrosscheckServer } from './loopback-server';


let before: HandleCounts;
let srv: CrosscheckServer;

beforeAll(async () => {
	before = handleSnapshot();
	srv = await startCrosscheckServer({ dcs: [{ id: 2 }] });
	srv.control.createUser({ firstName: 'Dave', username: 'dave_files' });
});

afterAll(async () => {
	await srv?.stop();
	await expectNoLeakedHandles(before);
});

const failure = (p: Promise<unknown>) =>
	p.then(
		() => undefined,
		(e: unknown) => e,
	);

test('2FA: signIn asks for the password, a wrong one is refused, the right one signs in', async () => {
	const phone = '15550400001';
	const password = 'correct horse battery';
	const { userId } = srv.control.createAccount({
		phone,
		firstName: 'Srp',
		password,
		session: false,
	});
	await withClient(srv, 'intermediate', async (c) => {
		const needed = await failure(loginWithCode(srv, c, phone));
		expect(tl.RpcError.is(needed, 'SESSION_PASSWORD_NEEDED')).toBe(true);

		const wrong = await failure(withDeadline(c.client.checkPassword('wrong'), 10_000, 'wrong'));
		expect(tl.RpcError.is(wrong, 'PASSWORD_HASH_INVALID')).toBe(true);

		const me: User = await withDeadline(c.client.checkPassword(password), 10_000, 'checkPassword');
		expect(me.id).toBe(userId);
		expect(protocolComplaints(c.logs)).toEqual([]);
	});
});

test.each([
	['small (saveFilePart)', 600 * 1024],
	['big (saveBigFilePart)', 11 * 1024 * 1024],
])('a %s document goes up and comes back byte-identical', async (_kind, size) => {
	const phone = `15550500${size % 10_000}`.slice(0, 11);
	const { userId } = srv.control.createAccount({ phone, firstName: 'Files', session: false });
	const bytes = randomBytes(size);
	await withClient(srv, 'intermediate', async (c) => {
		await loginWithCode(srv, c, phone);
		const sent = await withDeadline(
			c.client.sendMedia('dave_files', {
				type: 'document',
				file: bytes,
				fileName: 'blob.bin',
				fileMime: 'application/octet-stream',
			}),
			30_000,
			'sendMedia',
		);
		const doc = sent.media as Document;
		expect(doc.type).toBe('document');
		expect(doc.fileName).toBe('blob.bin');
		expect(doc.fileSize).toBe(size);
		const parts = srv.control.rpcLog({ userId }).map((e) => e.method);
		expect(parts).toContain(
			size > 10 * 1024 * 1024 ? 'upload.SaveBigFilePart' : 'upload.SaveFilePart',
		);

		const back = await withDeadline(c.client.downloadAsBuffer(doc), 30_000, 'downloadAsBuffer');
		expect(Buffer.from(back).equals(bytes)).toBe(true);
		expect(protocolComplaints(c.logs)).toEqual([]);
	});
});
