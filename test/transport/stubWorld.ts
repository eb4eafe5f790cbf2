// A tiny world on the loopback server's MTProto core: just the users, chats and methods the
// transport layer needs, with fault injection and an RPC log. The real MTProto core runs
// underneath (handshake, sessions, -404), so the client under test is unmodified GramJS.
import { Api } from 'telegram';
import bigInt from 'big-integer';

import {
	createMtprotoServer,
	makeStringSession,
	MemoryAuthKeyStore,
	newAuthKey,
	RpcError,
	type AuthKeyRecord,
	type MtprotoServer,
	type RpcCall,
	type RpcAnswer,
} from '../server/core';
import { buildConfig } from '../server/methods/help';

export const API_ID = 777001;
export const API_HASH = 'loopback-api-hash-777001';
const now = () => Math.floor(Date.now() / 1000);

const user = (id: number, username: string | undefined, extra: Partial<Api.User> = {}) =>
	new Api.User({
		id: bigInt(id),
		accessHash: bigInt(id * 7919),
		firstName: `User ${id}`,
		username,
		phone: `1555000${id}`,
		...extra,
	} as never);

export const SELF = user(1000, 'selfuser', {
	self: true,
	firstName: 'Ada',
	lastName: 'Self',
} as never);
export const ALICE = user(2001, 'alice_a', { contact: true } as never);
/** Reachable only through the dialog list: no username, no phone lookup. */
export const HIDDEN = user(2002, undefined);
export const GROUP = new Api.Chat({
	id: bigInt(3001),
	title: 'Basic group',
	participantsCount: 3,
	date: 1,
	version: 1,
	photo: new Api.ChatPhotoEmpty(),
} as never);
export const CHANNEL = new Api.Channel({
	id: bigInt(4001),
	accessHash: bigInt(4001 * 31),
	title: 'News',
	username: 'news_chan',
	broadcast: true,
	date: 1,
	photo: new Api.ChatPhotoEmpty(),
} as never);
/** A private supergroup, only in the dialogs. */
export const SUPERGROUP = new Api.Channel({
	id: bigInt(4002),
	accessHash: bigInt(4002 * 31),
	title: 'Team',
	megagroup: true,
	date: 1,
	photo: new Api.ChatPhotoEmpty(),
} as never);

const peerOf = (e: Api.User | Api.Chat | Api.Channel): Api.TypePeer =>
	e instanceof Api.User
		? new Api.PeerUser({ userId: e.id })
		: e instanceof Api.Chat
			? new Api.PeerChat({ chatId: e.id })
			: new Api.PeerChannel({ channelId: e.id });

export interface Fault {
	method: string;
	error: string;
	code: number;
	times: number;
}

export interface StubWorldOptions {
	/** The server's RSA key (PKCS#1 PEM); default the core's fixed test key. */
	rsaPrivateKeyPem?: string;
	/** Where the DC listens (default 127.0.0.2, the core's address for DC 2). */
	host?: string;
	/** More DCs its help.getConfig names (e.g. Telegram-style addresses on port 443). */
	extraDcs?: Array<{ id: number; host: string; port: number }>;
}

export class StubWorld {
	readonly authKeys = new MemoryAuthKeyStore();
	readonly rpcLog: Array<{ method: string; sessionId: bigint }> = [];
	readonly faults: Fault[] = [];
	server!: MtprotoServer;

	constructor(private readonly options: StubWorldOptions = {}) {}

	async start(): Promise<this> {
		this.server = createMtprotoServer({
			dcs: [{ id: 2, host: this.options.host }],
			authKeys: this.authKeys,
			handler: async (call) => this.handle(call),
			rsaPrivateKeyPem: this.options.rsaPrivateKeyPem,
		});
		await this.server.start();
		return this;
	}

	get dc() {
		return this.server.dcs[0];
	}

	/** A logged-in session for SELF, and the key record behind it. */
	session(): { session: string; record: AuthKeyRecord } {
		const record = newAuthKey(this.dc.id);
		record.userId = SELF.id.toString();
		this.authKeys.add(record);
		const session = makeStringSession({
			dcId: this.dc.id,
			host: this.dc.host,
			port: this.dc.port,
			key: record.key,
		});
		return { session, record };
	}

	inject(method: string, error: string, code = 400, times = 1): void {
		this.faults.push({ method, error, code, times });
	}

	calls(method: string): number {
		return this.rpcLog.filter((c) => c.method === method).length;
	}

	private async handle(call: RpcCall): Promise<RpcAnswer> {
		this.rpcLog.push({ method: call.method, sessionId: call.session.sessionId });
		if (call.session.client && call.session.client.apiId !== API_ID)
			throw new RpcError(400, 'API_ID_INVALID');
		const fault = this.faults.find((f) => f.method === call.method && f.times > 0);
		if (fault) {
			fault.times--;
			throw new RpcError(fault.code, fault.error);
		}
		const r = call.request as Record<string, unknown>;
		const authorized = Boolean(call.session.authKey.userId);
		const needAuth = () => {
			if (!authorized) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED');
		};
		switch (call.method) {
			case 'help.GetConfig':
				return config(this.server, call.session.dcId, this.options.extraDcs ?? []);
			case 'auth.ExportAuthorization':
				needAuth();
				return new Api.auth.ExportedAuthorization({
					id: SELF.id,
					bytes: Buffer.from('exported-authorization'),
				});
			case 'auth.ExportLoginToken':
				if (r.apiId !== API_ID || r.apiHash !== API_HASH) throw new RpcError(400, 'API_ID_INVALID');
				return new Api.auth.LoginToken({ expires: now() + 30, token: Buffer.from('token') });
			case 'users.GetUsers':
				needAuth();
				return [SELF];
			case 'updates.GetState':
				needAuth();
				return new Api.updates.State({ pts: 1, qts: 0, date: now(), seq: 0, unreadCount: 0 });
			case 'contacts.ResolveUsername': {
				needAuth();
				const found = [SELF, ALICE, CHANNEL].find(
					(e) => e.username?.toLowerCase() === String(r.username).toLowerCase(),
				);
				if (!found) throw new RpcError(400, 'USERNAME_NOT_OCCUPIED');
				return resolved(found);
			}
			case 'contacts.ResolvePhone': {
				needAuth();
				const found = [SELF, ALICE].find((u) => u.phone === r.phone);
				if (!found) throw new RpcError(400, 'PHONE_NOT_OCCUPIED');
				return resolved(found);
			}
			case 'messages.GetChats':
				needAuth();
				return new Api.messages.Chats({
					chats: (r.id as bigInt.BigInteger[]).some((id) => id.equals(GROUP.id)) ? [GROUP] : [],
				});
			case 'messages.GetDialogs':
				needAuth();
				return dialogs();
			default:
				throw new RpcError(400, `METHOD_NOT_IN_STUB_${call.method}`);
		}
	}
}

function resolved(e: Api.User | Api.Channel): Api.contacts.ResolvedPeer {
	return new Api.contacts.ResolvedPeer({
		peer: peerOf(e),
		users: e instanceof Api.User ? [e] : [],
		chats: e instanceof Api.Channel ? [e] : [],
	});
}

function dialogs(): Api.messages.Dialogs {
	const entities = [ALICE, HIDDEN, GROUP, CHANNEL, SUPERGROUP];
	const messages = entities.map(
		(e, i) =>
			new Api.Message({
				id: 10 + i,
				peerId: peerOf(e),
				date: now() - i,
				message: `hello ${i}`,
			} as never),
	);
	return new Api.messages.Dialogs({
		dialogs: entities.map(
			(e, i) =>
				new Api.Dialog({
					peer: peerOf(e),
					topMessage: 10 + i,
					readInboxMaxId: 0,
					readOutboxMaxId: 0,
					unreadCount: 0,
					unreadMentionsCount: 0,
					unreadReactionsCount: 0,
					notifySettings: new Api.PeerNotifySettings({}),
				}),
		),
		messages,
		users: [ALICE, HIDDEN],
		chats: [GROUP, CHANNEL, SUPERGROUP],
	});
}

function config(
	server: MtprotoServer,
	dcId: number,
	extra: Array<{ id: number; host: string; port: number }>,
): Api.Config {
	return buildConfig({
		now: now(),
		thisDc: dcId,
		dcs: [...server.dcs, ...extra],
		webfileDcId: dcId,
		dcTxtDomainName: 'stub.invalid',
	});
}
