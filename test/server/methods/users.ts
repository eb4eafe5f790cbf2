// users.* and contacts.*: who a user is, resolving usernames and phones, the contact list.
import { Api } from 'telegram';
import { long, userPeer } from '../world/ids';
import { notifySettings, peerObj, Refs, renderUser } from '../world/render';
import { normalizePhone } from '../world/world';
import { fail, inputUser, me, type MethodTable } from './context';

const USERNAME_RE = /^[a-zA-Z][a-zA-Z0-9_]{3,31}$/;

export const userMethods: MethodTable = {
	'users.GetUsers': (ctx, req: Api.users.GetUsers) => {
		const uid = me(ctx);
		// Telegram drops the entries it cannot resolve instead of failing the whole call.
		const out: Api.TypeUser[] = [];
		for (const u of req.id) {
			try {
				out.push(renderUser(ctx.w, uid, inputUser(ctx, u)));
			} catch {
				/* skipped */
			}
		}
		return out;
	},
	'users.GetFullUser': (ctx, req: Api.users.GetFullUser) => {
		const uid = me(ctx);
		const id = inputUser(ctx, req.id);
		const u = ctx.w.users.get(id);
		return new Api.users.UserFull({
			fullUser: new Api.UserFull({
				id: long(id),
				about: u?.about,
				settings: new Api.PeerSettings({}),
				notifySettings: notifySettings(),
				commonChatsCount: 0,
			}),
			chats: [],
			users: [renderUser(ctx.w, uid, id)],
		});
	},
	'contacts.ResolveUsername': (ctx, req: Api.contacts.ResolveUsername) => {
		const uid = me(ctx);
		const name = (req.username ?? '').replace(/^@/, '');
		if (!USERNAME_RE.test(name)) fail(400, 'USERNAME_INVALID');
		const peer = ctx.w.resolveUsername(name);
		if (!peer) return fail(400, 'USERNAME_NOT_OCCUPIED');
		const refs = new Refs(ctx.w, uid).peer(peer);
		return new Api.contacts.ResolvedPeer({
			peer: peerObj(peer),
			chats: refs.renderChats(),
			users: refs.renderUsers(),
		});
	},
	'contacts.ResolvePhone': (ctx, req: Api.contacts.ResolvePhone) => {
		const uid = me(ctx);
		const phone = normalizePhone(req.phone ?? '');
		if (!/^\d{5,15}$/.test(phone)) fail(400, 'PHONE_NUMBER_INVALID');
		const u = ctx.w.userByPhone(phone);
		if (!u) return fail(400, 'PHONE_NOT_OCCUPIED');
		return new Api.contacts.ResolvedPeer({
			peer: peerObj(userPeer(u.id)),
			chats: [],
			users: [renderUser(ctx.w, uid, u.id)],
		});
	},
	'contacts.GetContacts': (ctx) => {
		const uid = me(ctx);
		const ids = [...ctx.w.box(uid).contacts];
		return new Api.contacts.Contacts({
			contacts: ids.map(
				(id) => new Api.Contact({ userId: long(id), mutual: ctx.w.isContact(id, uid) }),
			),
			savedCount: 0,
			users: ids.map((id) => renderUser(ctx.w, uid, id)),
		});
	},
	'contacts.ImportContacts': (ctx, req: Api.contacts.ImportContacts) => {
		const uid = me(ctx);
		const imported: Api.ImportedContact[] = [];
		const users: Api.TypeUser[] = [];
		for (const c of req.contacts) {
			const u = ctx.w.userByPhone(c.phone);
			if (!u) continue;
			ctx.w.addContact(uid, u.id);
			imported.push(new Api.ImportedContact({ userId: long(u.id), clientId: c.clientId }));
			users.push(renderUser(ctx.w, uid, u.id));
		}
		return new Api.contacts.ImportedContacts({
			imported,
			popularInvites: [],
			retryContacts: [],
			users,
		});
	},
	'contacts.DeleteContacts': (ctx, req: Api.contacts.DeleteContacts) => {
		const uid = me(ctx);
		for (const u of req.id) ctx.w.box(uid).contacts.delete(inputUser(ctx, u));
		return new Api.Updates({ updates: [], users: [], chats: [], date: ctx.w.now(), seq: 0 });
	},
};
