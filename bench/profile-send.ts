// Where a warm Send Text spends its time beyond raw GramJS (figure 1): runs each side alone many
// times so a CPU profile of this process can be split by side. Prints per-call medians.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof -r ts-node/register/transpile-only \
//     bench/profile-send.ts node|raw [count]
import { TelegramAccount } from './lib/node';
import { closeAllClients } from '../nodes/shared/transport/pool';
import { createAccount, credentialData } from './lib/accounts';
import { fakeExecute, locator, nodeInfo, runNode } from './lib/execute';
import { connectRaw } from './lib/raw';
import { startBenchServer } from './lib/server';
import { spread, timed } from './lib/stats';

async function main(): Promise<void> {
	const side = process.argv[2] === 'raw' ? 'raw' : 'node';
	const count = Number(process.argv[3] ?? 3000);
	const server = await startBenchServer();
	try {
		const account = await createAccount(server, 'prof');
		// Only the measured side connects: a second live session of the account would receive
		// every send as a pushed update and its parsing would count against this side.
		const raw = side === 'raw' ? await connectRaw(server, account.session) : undefined;
		const peer = await raw?.getInputEntity(account.peerUsername);
		const node = new TelegramAccount();
		const ctx = fakeExecute({
			node: nodeInfo('Telegram Account', 'telegramAccount'),
			credential: credentialData(server, account.session),
			params: {
				resource: 'message',
				operation: 'sendText',
				chatId: locator(account.peerUsername, 'username'),
				text: 'bench: warm send',
				options: {},
			},
		});
		const once =
			raw && peer
				? () => raw.sendMessage(peer, { message: 'bench: warm send' })
				: () => runNode(node, ctx);
		for (let i = 0; i < 100; i++) await once();
		const ms: number[] = [];
		for (let i = 0; i < count; i++) ms.push(await timed(once));
		const s = spread(ms);
		console.log(
			`${side}: median ${s.median.toFixed(3)} ms, p10 ${s.p10.toFixed(3)}, p90 ${s.p90.toFixed(3)}`,
		);
		await raw?.destroy();
	} finally {
		await closeAllClients();
		await server.stop();
	}
}

void main();
