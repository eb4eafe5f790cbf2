// Figure 3n's chat: an account whose private chat holds the messages, and the Collect History
// workflows of that chat in our n8n (runs saved) and in our n8n whose runs are not saved.
import type { N8nInstance } from '../../test/n8n/harness';
import { createAccount, credentialData, type BenchAccount } from './accounts';
import { collectNode, webhookWorkflow, type SaveSuccess } from './n8n-workflows';
import type { BenchServer } from './server';

export interface Chat {
	size: number;
	peer: string;
	rawSession: string;
	/** The collect workflow in our n8n whose runs are saved (the unsaved-runs n8n has its own). */
	workflowId: string;
	warmPath: string;
	fullPath: string;
}

/** The collect workflows of one chat in one n8n, on a session of their own. */
async function installChat(
	server: BenchServer,
	n8n: N8nInstance,
	account: BenchAccount,
	size: number,
	save: SaveSuccess,
) {
	const { session } = await server.control<{ session: string }>('createSession', {
		userId: account.userId,
	});
	const credential = await n8n.importCredential({
		name: 'Bench account',
		type: 'telegramAccountApi',
		data: credentialData(server, session, { requestTimeout: 60 }),
	});
	const chat = `@${account.peerUsername}`;
	const warmPath = `bench-collect-warm-${size}`;
	const fullPath = `bench-collect-${size}`;
	const warm = await n8n.importWorkflow(
		webhookWorkflow(`collect warm ${size}`, warmPath, collectNode(chat, credential.id, 1)),
	);
	const full = await n8n.importWorkflow(
		webhookWorkflow(`collect ${size} (${save})`, fullPath, collectNode(chat, credential.id), save),
	);
	await n8n.activate(warm.id);
	await n8n.activate(full.id);
	// The first execution connects the pooled client and resolves the chat.
	await n8n.runWebhook(warmPath, {}, 60_000);
	return { workflowId: full.id, warmPath, fullPath };
}

/** An account whose chat with its peer holds `size` messages, after 300 in another chat. */
export async function seedChat(
	server: BenchServer,
	n8ns: { ours: N8nInstance; oursUnsaved: N8nInstance },
	size: number,
): Promise<Chat> {
	const account = await createAccount(server, `h${size}`);
	// Private chats share the account's id counter: the chat starts above other chats' ids.
	const other = await server.control<{ userId: number }>('createUser', { firstName: 'Other' });
	await server.control('seedMessages', { between: [account.userId, other.userId], count: 300 });
	await server.control('seedMessages', { between: [account.userId, account.peerId], count: size });
	const { session } = await server.control<{ session: string }>('createSession', {
		userId: account.userId,
	});
	const saved = await installChat(server, n8ns.ours, account, size, 'all');
	await installChat(server, n8ns.oursUnsaved, account, size, 'none');
	return { size, peer: account.peerUsername, rawSession: session, ...saved };
}
