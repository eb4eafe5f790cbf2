// The control API over HTTP (as an out-of-process n8n uses it), the demo world of
// `npm run test-server`, and the connection-level controls (drop, forget, latency).
import { Api } from 'telegram';
import { NewMessage, type NewMessageEvent } from 'telegram/events';
import { settlesWithin, withDeadline } from '../../helpers/deadline';
import { DEMO_CODE, seedDemoWorld } from '../control/demo';
import { fixtureSuite } from './fixture';

describe('control API', () => {
	const f = fixtureSuite({ controlHttp: true, world: { fixedCode: DEMO_CODE } });

	async function http<T>(
		op: string,
		body: unknown,
	): Promise<{ status: number; ok: boolean; result?: T; error?: string }> {
		const res = await withDeadline(
			fetch(`${f.ts.controlUrl}/${op}`, {
				method: 'POST',
				body: JSON.stringify(body),
				headers: { connection: 'close' },
			}),
			5000,
			op,
		);
		return {
			status: res.status,
			...((await res.json()) as { ok: boolean; result?: T; error?: string }),
		};
	}

	it('seeds, pushes and injects errors over HTTP + JSON', async () => {
		const acc = await http<{ userId: number; session: string }>('createAccount', {
			phone: '+15557001',
			firstName: 'Hank',
			username: 'hank_http',
		});
		expect(acc.ok).toBe(true);
		const sender = await http<{ userId: number }>('createUser', {
			firstName: 'Ivy',
			username: 'ivy_http',
		});
		const c = await f.connect({ session: acc.result!.session });
		expect(((await c.getMe()) as Api.User).username).toBe('hank_http');

		const got = new Promise<NewMessageEvent>((resolve) =>
			c.addEventHandler(resolve, new NewMessage({})),
		);
		const pushed = await http<{ id: number }>('pushMessage', {
			fromId: sender.result!.userId,
			toUserId: acc.result!.userId,
			text: 'over http',
		});
		expect((await withDeadline(got, 5000, 'NewMessage')).message.id).toBe(pushed.result!.id);

		await http('injectError', {
			method: 'updates.GetState',
			error: 'AUTH_KEY_DUPLICATED',
			times: 1,
		});
		await expect(c.invoke(new Api.updates.GetState())).rejects.toMatchObject({
			code: 406,
			errorMessage: 'AUTH_KEY_DUPLICATED',
		});
		await expect(c.invoke(new Api.updates.GetState())).resolves.toBeInstanceOf(Api.updates.State);
		const log = await http<Array<{ method: string; error?: string }>>('rpcLog', {
			method: 'updates.GetState',
		});
		expect(log.result!.map((e) => e.error ?? 'ok').slice(-2)).toEqual([
			'AUTH_KEY_DUPLICATED',
			'ok',
		]);

		expect((await http('noSuchOperation', {})).status).toBe(404);
		const bad = await http('pushEdit', { ownerId: acc.result!.userId, id: 9999, text: 'x' });
		expect([bad.status, bad.ok]).toEqual([400, false]);
	});

	it('makes gaps over HTTP: holds a push, reads the update state, releases it', async () => {
		const acc = await http<{ userId: number; session: string }>('createAccount', {
			phone: '+15557090',
			firstName: 'Gail',
		});
		const userId = acc.result!.userId;
		const from = (await http<{ userId: number }>('createUser', { firstName: 'Gus' })).result!;
		const c = await f.connect({ session: acc.result!.session });
		const texts: string[] = [];
		c.addEventHandler(
			(e: NewMessageEvent) => void texts.push(e.message.message),
			new NewMessage({}),
		);
		await c.invoke(new Api.updates.GetState());
		const push = (text: string) =>
			http('pushMessage', { fromId: from.userId, toUserId: userId, text });
		expect((await http('holdPushes', { userId, count: 1 })).ok).toBe(true);
		await push('held');
		await push('live');
		const until = async (n: number) => {
			const end = Date.now() + 5000;
			while (texts.length < n && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
		};
		await until(1);
		const st = await http<{ pts: number; seq: number; held: number }>('updateState', { userId });
		expect(st.result).toMatchObject({ held: 1, seq: 0 });
		const released = await http('releasePushes', { userId, order: 'reverse' });
		expect(released.result).toEqual({ released: 1 });
		await until(2);
		expect(texts).toEqual(['live', 'held']);
		const refused = await http('refuseReconnects', { userId, seconds: 1 });
		expect(refused.result).toEqual({ dropped: 0 });
		await http('acceptReconnects', { userId });
	});

	it('serves the demo world: dialogs, channel posts with media, login with the demo code', async () => {
		const demo = seedDemoWorld(f.ts.control);
		const c = await f.connect({ session: demo.account.session });
		const titles = (await c.getDialogs({ limit: 20 })).map((d) => d.title);
		expect(titles).toEqual(
			expect.arrayContaining(['Demo channel', 'Demo group', 'Demo supergroup', 'Alice']),
		);
		const voices = await c.getMessages('demo_channel', {
			filter: new Api.InputMessagesFilterVoice(),
			limit: 5,
		});
		expect(voices.length).toBe(1);
		const bytes = (await c.downloadMedia(voices[0], {})) as Buffer;
		expect(bytes.length).toBe(64 * 1024);
		// The send-and-download example downloads this one in `npm run dev`.
		const [photo] = await c.getMessages(demo.mediaMessage.chat, {
			ids: [demo.mediaMessage.messageId],
		});
		expect(photo.photo).toBeDefined();
		expect(((await c.downloadMedia(photo, {})) as Buffer).length).toBeGreaterThan(0);

		const fresh = await f.connect({ dcId: 1 });
		const sent = (await fresh.invoke(
			new Api.auth.SendCode({
				phoneNumber: demo.account.phone,
				apiId: 1,
				apiHash: 'x',
				settings: new Api.CodeSettings({}),
			}),
		)) as Api.auth.SentCode;
		await fresh.invoke(
			new Api.auth.SignIn({
				phoneNumber: demo.account.phone,
				phoneCodeHash: sent.phoneCodeHash,
				phoneCode: DEMO_CODE,
			}),
		);
		expect(((await fresh.getMe()) as Api.User).username).toBe('demo_user');
	});

	it('drops connections, forgets keys (-404: GramJS never settles) and adds latency', async () => {
		const acc = f.ts.control.createAccount({ phone: '+15557002', firstName: 'Jay' });
		const c = await f.connect({ session: acc.session });
		await c.getMe();
		expect(f.ts.control.dropConnections({ userId: acc.userId }).dropped).toBe(1);

		const acc2 = f.ts.control.createAccount({ phone: '+15557003', firstName: 'Kim' });
		const c2 = await f.connect({ session: acc2.session });
		f.ts.control.setLatency({ ms: 150 });
		const t0 = Date.now();
		await c2.invoke(new Api.updates.GetState());
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
		f.ts.control.setLatency({ ms: 0 });

		expect(f.ts.control.forgetAuthKey({ session: acc2.session }).keys).toBe(1);
		expect(await settlesWithin(c2.invoke(new Api.updates.GetState()), 1500)).toBe(false);
	});
});
