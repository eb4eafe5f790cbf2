// Figure 1: a warm Send Text through the node ÷ raw GramJS sendMessage to the same peer on the
// same server, no added latency. Both clients are connected and have the peer resolved first.
import type { TelegramClient } from 'telegram';

import { TelegramAccount } from '../lib/node';
import { closeAllClients } from '../../nodes/shared/transport/pool';
import { createAccount, credentialData } from '../lib/accounts';
import { fakeExecute, locator, nodeInfo, runNode } from '../lib/execute';
import { connectRaw } from '../lib/raw';
import { Budget, quantile, spread, timed } from '../lib/stats';
import type { BenchEnv, Figure, FigureRow } from './types';

/** Sends per side per round; a round's ratio compares medians taken close together in time. */
const PER_ROUND = 10;
const MAX_ROUNDS = 100;

async function run(env: BenchEnv): Promise<FigureRow[]> {
	// Two accounts, one per side, messaging the same peer: the server pushes each send to the
	// sender's other sessions, so one shared account would make each side parse the other's pushes.
	const account = await createAccount(env.server, 'warm');
	const rawAccount = await createAccount(env.server, 'warmraw', account.peerId);
	const node = new TelegramAccount();
	const ctx = fakeExecute({
		node: nodeInfo('Telegram Account', 'telegramAccount'),
		credential: credentialData(env.server, account.session),
		params: {
			resource: 'message',
			operation: 'sendText',
			chatId: locator(account.peerUsername, 'username'),
			text: 'bench: warm send',
			options: {},
		},
	});
	let raw: TelegramClient | undefined;
	try {
		raw = await connectRaw(env.server, rawAccount.session);
		const peer = await raw.getInputEntity(account.peerUsername);
		const client = raw;
		const sendRaw = () => client.sendMessage(peer, { message: 'bench: warm send' });
		const sendNode = () => runNode(node, ctx);
		// Warm-up: connect the pooled client, resolve the peer, let the JIT settle on both paths.
		for (let i = 0; i < 20; i++) {
			await sendNode();
			await sendRaw();
		}
		const budget = new Budget(env.budgetMs * 0.8);
		const nodeMs: number[] = [];
		const rawMs: number[] = [];
		const ratios: number[] = [];
		for (let r = 0; r < MAX_ROUNDS && !budget.spent; r++) {
			const n: number[] = [];
			const w: number[] = [];
			// Alternate which side goes first so neither gains from the other's warm caches.
			for (let i = 0; i < PER_ROUND; i++) {
				if ((r + i) % 2) {
					n.push(await timed(sendNode));
					w.push(await timed(sendRaw));
				} else {
					w.push(await timed(sendRaw));
					n.push(await timed(sendNode));
				}
			}
			nodeMs.push(...n);
			rawMs.push(...w);
			ratios.push(quantile(n, 0.5) / quantile(w, 0.5));
		}
		env.log(`figure 1: ${ratios.length} rounds of ${PER_ROUND} sends per side`);
		return [
			{
				figure: '1',
				metric: 'warm Send Text: node ÷ raw GramJS sendMessage',
				unit: 'ratio',
				value: spread(ratios),
				goal: { max: 1.1 },
				note: `spread = p10/p90 of ${ratios.length} per-round median ratios`,
			},
			{
				figure: '1n',
				metric: 'warm Send Text through the node',
				unit: 'ms',
				value: spread(nodeMs),
			},
			{ figure: '1r', metric: 'raw GramJS sendMessage', unit: 'ms', value: spread(rawMs) },
		];
	} finally {
		await raw?.destroy();
		await closeAllClients();
	}
}

export const sendWarm: Figure = {
	id: '1',
	title: 'warm Send Text ÷ raw GramJS',
	budgetMs: 40_000,
	run,
};
