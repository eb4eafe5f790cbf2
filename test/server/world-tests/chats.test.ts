// Chats, channels and contacts through GramJS: forwarding, albums, joining by username and by
// invite, leaving, peer dialogs, contacts, privacy, and a file stored on another DC.
import { randomBytes } from 'node:crypto';
import bigInt from 'big-integer';
import { Api, type TelegramClient } from 'telegram';
import { CustomFile } from 'telegram/client/uploads';
import { withDeadline } from '../../helpers/deadline';
import { fixtureSuite } from './fixture';

describe('chats and channels over GramJS', () => {
	const f = fixtureSuite();
	let alice: { userId: number; session?: string };
	let bob: { userId: number; session?: string };
	let ca: TelegramClient;

	beforeAll(async () => {
		alice = f.ts.control.createAccount({
			phone: '+15558001',
			firstName: 'Alice',
			username: 'alice_chats',
		});
		bob = f.ts.control.createAccount({
			phone: '+15558002',
			firstName: 'Bob',
			username: 'bob_chats',
			about: 'Bob here',
		});
		ca = await f.connect({ session: alice.session });
	});

	it('joins a public channel, forwards its posts, leaves', async () => {
		const { channelId } = f.ts.control.createChannel({
			title: 'Public',
			creatorId: bob.userId,
			username: 'public_chats',
		});
		f.ts.control.seedMessages({ channelId, count: 3, text: 'post {i}' });
		const joined = await ca.invoke(new Api.channels.JoinChannel({ channel: 'public_chats' }));
		expect(joined).toBeInstanceOf(Api.Updates);
		const posts = await ca.getMessages('public_chats', { limit: 2 });
		const fwd = await ca.forwardMessages('bob_chats', {
			messages: posts.map((p) => p.id),
			fromPeer: 'public_chats',
		});
		// GramJS answers one array per source chat.
		const forwarded = [fwd].flat(2) as Api.Message[];
		expect(forwarded.map((m) => m.message)).toEqual(['post 3', 'post 2']);
		expect(forwarded[0].fwdFrom?.channelPost).toBe(posts[0].id);
		const peerDialogs = (await ca.invoke(
			new Api.messages.GetPeerDialogs({
				peers: [new Api.InputDialogPeer({ peer: await ca.getInputEntity('public_chats') })],
			}),
		)) as Api.messages.PeerDialogs;
		expect(peerDialogs.dialogs.length).toBe(1);
		expect(peerDialogs.dialogs[0].topMessage).toBe(posts[0].id);
		await ca.invoke(new Api.channels.LeaveChannel({ channel: 'public_chats' }));
		const titles = (await ca.getDialogs({})).map((d) => d.title);
		expect(titles).not.toContain('Public');
	});

	it('joins a private channel by invite only', async () => {
		f.ts.control.createChannel({
			title: 'Private',
			creatorId: bob.userId,
			megagroup: true,
			inviteHash: 'AbCdEf123',
		});
		const invite = await ca.invoke(new Api.messages.CheckChatInvite({ hash: 'AbCdEf123' }));
		expect(invite).toBeInstanceOf(Api.ChatInvite);
		expect((invite as Api.ChatInvite).megagroup).toBe(true);
		await ca.invoke(new Api.messages.ImportChatInvite({ hash: 'AbCdEf123' }));
		const again = await ca.invoke(new Api.messages.CheckChatInvite({ hash: 'AbCdEf123' }));
		expect(again).toBeInstanceOf(Api.ChatInviteAlready);
		await expect(
			ca.invoke(new Api.messages.CheckChatInvite({ hash: 'nope' })),
		).rejects.toMatchObject({
			errorMessage: 'INVITE_HASH_EXPIRED',
		});
		const sent = await ca.sendMessage((again as Api.ChatInviteAlready).chat, {
			message: 'hi group',
		});
		expect(sent.id).toBeGreaterThan(0);
		const group = (again as Api.ChatInviteAlready).chat as Api.Channel;
		const channelId = Number(group.id);
		for (const text of ['r1', 'r2']) {
			f.ts.control.pushMessage({ fromId: bob.userId, channelId, text, replyToId: sent.id });
		}
		const thread = await ca.getMessages(group, { replyTo: sent.id, limit: 10 });
		expect([...thread].map((m) => m.message)).toEqual(['r2', 'r1']);
	});

	it('sends an album as one grouped media set', async () => {
		const files = [1, 2, 3].map((i) => new CustomFile(`f${i}.bin`, 3000, '', randomBytes(3000)));
		const sent = await withDeadline(
			ca.sendFile('bob_chats', { file: files, forceDocument: true, caption: ['a', 'b', 'c'] }),
			20_000,
			'album',
		);
		const list = Array.isArray(sent) ? sent : [sent];
		expect(list.length).toBe(3);
		const grouped = new Set(list.map((m) => String(m.groupedId)));
		expect(grouped.size).toBe(1);
		expect(f.ts.control.rpcLog({ method: 'messages.SendMultiMedia' }).length).toBe(1);
	});

	it('imports contacts, resolves phones, shows full users and honours privacy', async () => {
		const carol = f.ts.control.createUser({
			firstName: 'Carol',
			phone: '+15558003',
			restrictMessages: true,
		});
		const r = (await ca.invoke(
			new Api.contacts.ImportContacts({
				contacts: [
					new Api.InputPhoneContact({
						clientId: bigInt(7),
						phone: '+15558002',
						firstName: 'Bob',
						lastName: '',
					}),
				],
			}),
		)) as Api.contacts.ImportedContacts;
		expect(r.imported.map((i) => String(i.userId))).toEqual([String(bob.userId)]);
		const contacts = (await ca.invoke(new Api.contacts.GetContacts({}))) as Api.contacts.Contacts;
		expect(contacts.users.map((u) => (u as Api.User).phone)).toEqual(['15558002']);
		const full = (await ca.invoke(
			new Api.users.GetFullUser({ id: 'bob_chats' }),
		)) as Api.users.UserFull;
		expect(full.fullUser.about).toBe('Bob here');
		const resolved = (await ca.invoke(
			new Api.contacts.ResolvePhone({ phone: '15558003' }),
		)) as Api.contacts.ResolvedPeer;
		const carolUser = resolved.users[0] as Api.User;
		expect(String(carolUser.id)).toBe(String(carol.userId));
		await expect(ca.sendMessage(carolUser, { message: 'hello?' })).rejects.toMatchObject({
			errorMessage: 'USER_PRIVACY_RESTRICTED',
		});
	});

	it('downloads a file stored on another DC through an exported authorization', async () => {
		const { id } = f.ts.control.pushMessage({
			fromId: bob.userId,
			toUserId: alice.userId,
			text: 'from DC 2',
			media: { kind: 'file', size: 300_000, fileName: 'far.bin', dcId: 2 },
		});
		const [m] = await ca.getMessages('bob_chats', { ids: [id] });
		const bytes = (await withDeadline(ca.downloadMedia(m, {}), 20_000, 'download')) as Buffer;
		expect(bytes.length).toBe(300_000);
		const log = f.ts.control.rpcLog({ userId: alice.userId });
		expect(log.some((e) => e.method === 'auth.ExportAuthorization')).toBe(true);
		const gets = f.ts.control.rpcLog({ method: 'upload.GetFile' });
		expect(gets[0].error).toBe('FILE_MIGRATE_2');
		expect(gets.slice(1).every((e) => e.dcId === 2 && !e.error)).toBe(true);
	});
	it('lists a basic group by id, shows its members, leaves it', async () => {
		const { chatId } = f.ts.control.createGroup({
			title: 'Basic',
			creatorId: bob.userId,
			memberIds: [alice.userId],
		});
		const r = (await ca.invoke(
			new Api.messages.GetChats({ id: [bigInt(chatId)] }),
		)) as Api.messages.Chats;
		expect((r.chats[0] as Api.Chat).title).toBe('Basic');
		const full = (await ca.invoke(
			new Api.messages.GetFullChat({ chatId: bigInt(chatId) }),
		)) as Api.messages.ChatFull;
		const members = (full.fullChat as Api.ChatFull).participants as Api.ChatParticipants;
		expect(members.participants.length).toBe(2);
		const left = await ca.invoke(
			new Api.messages.DeleteChatUser({ chatId: bigInt(chatId), userId: new Api.InputUserSelf() }),
		);
		expect(left).toBeInstanceOf(Api.Updates);
		await expect(
			ca.invoke(new Api.messages.GetFullChat({ chatId: bigInt(chatId) })),
		).rejects.toMatchObject({
			errorMessage: 'CHAT_ID_INVALID',
		});
	});
});
