// Figure 2: one 1-item Send Text execution with 50 ms of emulated round trip: the pooled client
// (warm) ÷ a new client per execution, as most community nodes do (connect, resolve, send, close).
import { TelegramAccount } from '../lib/node';
import { closeAllClients } from '../../nodes/shared/transport/pool';
import { createAccount, credentialData } from '../lib/accounts';
import { fakeExecute, locator, nodeInfo, runNode } from '../lib/execute';
import { connectRaw } from '../lib/raw';
import { Budget, spread, timed } from '../lib/stats';
import type { BenchEnv, Figure, FigureRow } from './types';

export const LATENCY_MS = 50;
const MAX_RUNS = 15;

async function run(env: BenchEnv): Promise<FigureRow[]> {
	const account = await createAccount(env.server, 'pool');
	const node = new TelegramAccount();
	const ctx = fakeExecute({
		node: nodeInfo('Telegram Account', 'telegramAccount'),
		credential: credentialData(env.server, account.session),
		params: {
			resource: 'message',
			operation: 'sendText',
			chatId: locator(account.peerUsername, 'username'),
			text: 'bench: one item',
			options: {},
		},
	});
	const execute = () => runNode(node, ctx);
	// What a peer node does per execution: a fresh GramJS client, resolve by username, send, close.
	const rawFresh = async () => {
		const client = await connectRaw(env.server, account.session);
		try {
			await client.sendMessage(account.peerUsername, { message: 'bench: one item' });
		} finally {
			await client.destroy();
		}
	};
	await env.server.control('setLatency', { ms: LATENCY_MS });
	try {
		await execute(); // warm the pool
		const budget = new Budget(env.budgetMs * 0.8);
		const pooled: number[] = [];
		const fresh: number[] = [];
		const freshRaw: number[] = [];
		for (let i = 0; i < MAX_RUNS && !budget.spent; i++) {
			pooled.push(await timed(execute));
			// The same node with the pool emptied first: it connects, resolves and sends.
			await closeAllClients();
			fresh.push(await timed(execute));
			freshRaw.push(await timed(rawFresh));
		}
		// Per-run ratios: each pooled run is divided by the fresh run next to it in time.
		const ratio = spread(pooled.map((p, i) => p / fresh[i]));
		const ratioRaw = spread(pooled.map((p, i) => p / freshRaw[i]));
		return [
			{
				figure: '2',
				metric: `1-item Send Text at ${LATENCY_MS} ms RTT: pooled ÷ new client per execution`,
				unit: 'ratio',
				value: ratio,
				goal: { max: 0.3 },
				note: 'new client = the node with its pool emptied before each execution',
			},
			{
				figure: '2b',
				metric: 'same, pooled node ÷ fresh raw GramJS client (connect, send by username, destroy)',
				unit: 'ratio',
				value: ratioRaw,
			},
			{ figure: '2p', metric: 'pooled execution', unit: 'ms', value: spread(pooled) },
			{ figure: '2n', metric: 'new-client execution (node)', unit: 'ms', value: spread(fresh) },
			{
				figure: '2r',
				metric: 'new-client execution (raw GramJS)',
				unit: 'ms',
				value: spread(freshRaw),
			},
		];
	} finally {
		await env.server.control('setLatency', { ms: 0 });
		await closeAllClients();
	}
}

export const sendPooled: Figure = {
	id: '2',
	title: 'pooled ÷ new client per execution, 50 ms RTT',
	budgetMs: 40_000,
	run,
};
