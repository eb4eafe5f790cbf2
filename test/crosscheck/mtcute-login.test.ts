// A second, independent MTProto client (mtcute) against the loopback server: fresh DH handshake
// with the server's RSA key, login with a code read through the control API, send a message to a
// seeded user and read history back; GramJS reads the same history as the reference.
import './mtcute-quiet';
import type { Message } from '@mtcute/core';
import { Api } from 'telegram';
import { withDeadline } from '../helpers/deadline';
import { connectGramJs } from '../helpers/gramjs';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { startTestServer } from '../server/index';
import { startCrosscheckServer, type CrosscheckServer } from './loopback-server';
import { loginWithCode, protocolComplaints, withClient } from './fixture';
import type { CodecKind } from './mtcute-client';


const SEEDED = 30;
let before: HandleCounts;
let srv: CrosscheckServer;
let friendId: number;
let phoneSeq = 0;

beforeAll(async () => {
	before = handleSnapshot();
	srv = await startCrosscheckServer({ dcs: [{ id: 2 }] });
	friendId = srv.control.createUser({ firstName: 'Bob', username: 'friend_bob' }).userId;
});

afterAll(async () => {
	await srv?.stop();
	await expectNoLeakedHandles(before);
});

/** A fresh account with a seeded private chat with Bob. */
function seedAccount(): { phone: string; userId: number } {
	const phone = `1555010${String(++phoneSeq).padStart(4, '0')}`;
	const { userId } = srv.control.createAccount({ phone, firstName: 'Mt', session: false });
	srv.control.seedMessages({ between: [userId, friendId], count: SEEDED, text: 'seeded {i}' });
	return { phone, userId };
}

const rows = (msgs: Message[]) =>
	msgs.map((m) => ({ id: m.id, text: m.text, date: m.date.getTime() / 1000, out: m.isOutgoing }));

test('logs in with a code, sends to a seeded user and reads the history back', async () => {
	const { phone, userId } = seedAccount();
	const mine = await withClient(srv, 'intermediate', async (c) => {
		const me = await loginWithCode(srv, c, phone);
		expect(me.id).toBe(userId);
		expect(me.firstName).toBe('Mt');

		const sent = await withDeadline(
			c.client.sendText('friend_bob', 'hello from mtcute ✓'),
			10_000,
			'mtcute sendText',
		);
		expect(sent.text).toBe('hello from mtcute ✓');
		expect(sent.id).toBe(SEEDED + 1);
		expect(srv.control.sentMessages({ userId }).map((m) => m.text)).toEqual([
			'hello from mtcute ✓',
		]);

		const history = await withDeadline(
			c.client.getHistory('friend_bob', { limit: 100 }),
			10_000,
			'mtcute getHistory',
		);
		expect(history.map((m) => m.id)).toEqual(
			Array.from({ length: SEEDED + 1 }, (_v, i) => SEEDED + 1 - i),
		);
		expect(history[0].text).toBe('hello from mtcute ✓');
		expect(history[SEEDED].text).toBe('seeded 1');
		expect(history.every((m) => m.chat.id === friendId)).toBe(true);
		expect(protocolComplaints(c.logs)).toEqual([]);
		return rows(history);
	});

	// GramJS, on its own pre-seeded session, must read exactly the same history.
	const { session } = srv.control.createSession({ userId });
	const gram = await connectGramJs({ server: srv.server, session });
	try {
		const theirs = await withDeadline(
			gram.getMessages('friend_bob', { limit: 100 }),
			10_000,
			'GramJS getMessages',
		);
		// TotalList's map keeps the class: copy into a plain array to compare.
		expect(
			Array.from(theirs, (m: Api.Message) => ({
				id: m.id,
				text: m.message,
				date: m.date,
				out: m.out,
			})),
		).toEqual(mine);
	} finally {
		await gram.destroy();
	}
});

test('asks for future salts and keeps using valid salts', async () => {
	const { phone } = seedAccount();
	await withClient(srv, 'intermediate', async (c) => {
		await loginWithCode(srv, c, phone);
		// mtcute sends get_future_salts along with its first calls once it has a salt.
		const deadline = Date.now() + 5000;
		while (!c.logs.some((l) => /received future_salts/.test(l)) && Date.now() < deadline) {
			await withDeadline(c.client.getMe(), 5000, 'mtcute getMe');
		}
		const line = c.logs.find((l) => /received future_salts/.test(l));
		expect(line).toMatch(/received future_salts: [1-9]\d* salts/);
		const after = c.logs.length;
		for (let i = 0; i < 3; i++) await withDeadline(c.client.getMe(), 5000, 'mtcute getMe');
		expect(c.logs.slice(after).filter((l) => /bad_server_salt/i.test(l))).toEqual([]);
		expect(protocolComplaints(c.logs)).toEqual([]);
	});
});

describe.each<CodecKind>(['padded', 'obfuscated', 'obfuscated-padded'])(
	'over the %s transport',
	(codec) => {
		test('handshake, login, send and read back', async () => {
			const { phone, userId } = seedAccount();
			await withClient(srv, codec, async (c) => {
				expect((await loginWithCode(srv, c, phone)).id).toBe(userId);
				const text = `over ${codec}: ${'x'.repeat(300)}`;
				const sent = await withDeadline(c.client.sendText('friend_bob', text), 10_000, 'send');
				const history = await withDeadline(
					c.client.getHistory('friend_bob', { limit: 5 }),
					10_000,
					'getHistory',
				);
				expect(history.map((m) => m.id)).toEqual([
					sent.id,
					SEEDED,
					SEEDED - 1,
					SEEDED - 2,
					SEEDED - 3,
				]);
				expect(history[0].text).toBe(text);
				expect(protocolComplaints(c.logs)).toEqual([]);
			});
		});
	},
);

test('works the same through startTestServer(), the entry every other suite uses', async () => {
	const entry = await startTestServer({ dcs: [{ id: 2 }] });
	try {
		entry.control.createUser({ firstName: 'Fay', username: 'fay_entry' });
		const phone = '15550700001';
		const { userId } = entry.control.createAccount({ phone, firstName: 'Ent', session: false });
		await withClient(entry, 'intermediate', async (c) => {
			expect((await loginWithCode(entry, c, phone)).id).toBe(userId);
			const sent = await withDeadline(c.client.sendText('fay_entry', 'entry'), 10_000, 'send');
			const history = await withDeadline(c.client.getHistory('fay_entry'), 10_000, 'history');
			expect(history.map((m) => [m.id, m.text])).toEqual([[sent.id, 'entry']]);
			expect(protocolComplaints(c.logs)).toEqual([]);
		});
	} finally {
		await entry.stop();
	}
});
