// Figure 6: a fresh login — DH handshake on an empty session, send the code, sign in — through
// the Login node (Request Code, then Sign In) and with raw GramJS, both with no added latency.
import { Api } from 'telegram';

import { TelegramAccountLogin } from '../../nodes/TelegramAccountLogin/TelegramAccountLogin.node';
import { API_HASH, API_ID, credentialData } from '../lib/accounts';
import { fakeExecute, nodeInfo, runNode } from '../lib/execute';
import { rawClient } from '../lib/raw';
import type { BenchServer } from '../lib/server';
import { Budget, spread, timed } from '../lib/stats';
import type { BenchEnv, Figure, FigureRow } from './types';

const MAX_RUNS = 8;
let phones = 0;

async function newPhone(server: BenchServer): Promise<string> {
	const phone = `+1556${String(process.pid % 1000).padStart(3, '0')}${String(++phones).padStart(4, '0')}`;
	await server.control('createAccount', { phone, firstName: 'Login', session: false });
	return phone;
}

async function codeOf(server: BenchServer, phone: string): Promise<string> {
	const last = await server.control<{ code: string } | undefined>('lastCode', { phone });
	if (!last) throw new Error('the server sent no code');
	return last.code;
}

async function throughNode(server: BenchServer): Promise<void> {
	const phone = await newPhone(server);
	const node = new TelegramAccountLogin();
	const step = async (params: Record<string, unknown>) => {
		const ctx = fakeExecute({
			node: nodeInfo('Telegram Account Login', 'telegramAccountLogin'),
			credential: credentialData(server, ''),
			params,
		});
		const [item] = await runNode(node, ctx);
		return item.json;
	};
	const sent = await step({ operation: 'requestCode', phoneNumber: phone, options: {} });
	const done = await step({
		operation: 'signIn',
		phoneNumber: phone,
		code: await codeOf(server, phone),
		phoneCodeHash: sent.phoneCodeHash,
		pendingSession: sent.pendingSession,
		password: '',
	});
	if (done.status !== 'completed') throw new Error(`login node ended in ${String(done.status)}`);
}

async function rawGramJs(server: BenchServer): Promise<void> {
	const phone = await newPhone(server);
	const client = rawClient(server);
	try {
		await client.connect();
		const sent = (await client.invoke(
			new Api.auth.SendCode({
				phoneNumber: phone,
				apiId: API_ID,
				apiHash: API_HASH,
				settings: new Api.CodeSettings({}),
			}),
		)) as Api.auth.SentCode;
		await client.invoke(
			new Api.auth.SignIn({
				phoneNumber: phone,
				phoneCodeHash: sent.phoneCodeHash,
				phoneCode: await codeOf(server, phone),
			}),
		);
	} finally {
		await client.destroy();
	}
}

async function run(env: BenchEnv): Promise<FigureRow[]> {
	const budget = new Budget(env.budgetMs * 0.8);
	const node: number[] = [];
	const raw: number[] = [];
	for (let i = 0; i < MAX_RUNS && !budget.spent; i++) {
		node.push(await timed(() => throughNode(env.server)));
		raw.push(await timed(() => rawGramJs(env.server)));
	}
	return [
		{
			figure: '6',
			metric: 'fresh login (handshake + code + sign-in) through the Login node',
			unit: 'ms',
			value: spread(node),
			note: 'two executions: Request Code, Sign In (each opens its own client)',
		},
		{ figure: '6r', metric: 'same with raw GramJS (one client)', unit: 'ms', value: spread(raw) },
		{
			figure: '6x',
			metric: 'login: node ÷ raw GramJS',
			unit: 'ratio',
			value: spread(node.map((n, i) => n / raw[i])),
		},
	];
}

export const login: Figure = { id: '6', title: 'fresh login', budgetMs: 40_000, run };
