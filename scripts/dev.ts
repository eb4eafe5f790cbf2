// `npm run dev`: the loopback Telegram server with its demo world (`npm run test-server`) and a
// real n8n on 127.0.0.1:5678 with this package built and loaded and two ready credentials for the
// demo account. Ctrl+C stops everything it started. State is kept in .n8n-dev/ between runs.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

import { defaultOwner, startN8n, type N8nInstance } from '../test/n8n/harness';
import { discardTarball, packPackage } from '../test/n8n/package';
import { assistantScript, startOpenAiStub, type OpenAiStub } from '../test/n8n/openaiStub';
import { repoRoot } from '../test/n8n/runtime';
import {
	demoExampleLines,
	demoWiring,
	readExamples,
	wireExample,
	type DemoExampleInput,
} from './examples';

interface DemoServer extends DemoExampleInput {
	host: string;
	port: number;
	dcId: number;
	rsaPublicKeyPem: string;
	session: string;
	username: string;
	controlUrl: string;
	phone: string;
	loginCode: string;
	mediaMessage: { chat: string; messageId: number };
	/** Who and what the demo world holds, printed for the person trying the examples. */
	contacts: string[];
	channel: string;
	megagroup: string;
}

const port = Number(process.env.N8N_DEV_PORT ?? 5678);
const userFolder = process.env.N8N_DEV_FOLDER ?? path.join(repoRoot, '.n8n-dev');
const demoApp = { apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef' };

/** Reads the JSON `npm run test-server` prints (one line or pretty-printed) from its stdout. */
function readDemoServer(child: ChildProcess, timeoutMs: number): Promise<Record<string, unknown>> {
	return new Promise((resolve, reject) => {
		let text = '';
		const timer = setTimeout(
			() => reject(new Error(`no JSON from test-server in ${timeoutMs} ms`)),
			timeoutMs,
		);
		const onData = (chunk: Buffer) => {
			text += chunk.toString('utf8');
			const start = text.indexOf('{');
			for (
				let end = text.indexOf('}', start);
				start >= 0 && end > 0;
				end = text.indexOf('}', end + 1)
			) {
				try {
					const parsed = JSON.parse(text.slice(start, end + 1)) as Record<string, unknown>;
					clearTimeout(timer);
					child.stdout?.off('data', onData);
					child.stdout?.on('data', (more: Buffer) => process.stdout.write(`[telegram] ${more}`));
					return resolve(parsed);
				} catch {
					// Not complete yet: wait for more output.
				}
			}
		};
		child.stdout?.on('data', onData);
		child.once('exit', (code) =>
			reject(new Error(`test-server exited (code ${code}) before printing its JSON`)),
		);
	});
}

/** Checks the fields this script needs in the JSON of test/server/cli.ts. */
function demoServerFrom(json: Record<string, unknown>): DemoServer {
	const world = (json.demo ?? {}) as Record<string, unknown>;
	const account = (world.account ?? {}) as Record<string, unknown>;
	const named = (v: unknown) => `@${(v as { username?: string } | undefined)?.username ?? '?'}`;
	const server = {
		host: json.host,
		port: json.port,
		dcId: json.dcId,
		rsaPublicKeyPem: json.rsaPublicKeyPem,
		session: account.session,
		username: account.username,
		controlUrl: json.controlUrl,
		phone: account.phone,
		loginCode: account.loginCode,
		mediaMessage: world.mediaMessage,
		contacts: ((world.contacts ?? []) as unknown[]).map(named),
		channel: named(world.channel),
		megagroup: named(world.megagroup),
		collection: world.collection,
		supportInbox: world.supportInbox,
	};
	for (const [key, value] of Object.entries(server)) {
		if (value === undefined || value === '') {
			throw new Error(`test-server printed no ${key} (keys: ${Object.keys(json).join(', ')})`);
		}
	}
	return server as DemoServer;
}

async function replaceCredential(
	n8n: N8nInstance,
	name: string,
	type: string,
	data: object,
): Promise<{ id: string; name: string }> {
	const existing = await n8n.rest<Array<{ id: string; name: string }>>('GET', '/rest/credentials');
	for (const old of existing.filter((c) => c.name === name)) {
		await n8n.rest('DELETE', `/rest/credentials/${old.id}`);
	}
	const { id } = await n8n.importCredential({ name, type, data: data as Record<string, unknown> });
	return { id, name };
}

/** Imports every example (replacing an earlier copy of the same name), wired to the demo world. */
async function loadExamples(
	n8n: N8nInstance,
	credentials: Record<string, { id: string; name: string }>,
	demo: DemoServer,
): Promise<string[]> {
	const { values, placeholders } = demoWiring(demo);
	const existing = await n8n.rest<Array<{ id: string; name: string }>>('GET', '/rest/workflows');
	const names: string[] = [];
	for (const example of readExamples(path.join(repoRoot, 'examples'))) {
		const workflow = wireExample(example, credentials, values, placeholders);
		for (const old of existing.filter((w) => w.name === workflow.name)) {
			await n8n.rest('DELETE', `/rest/workflows/${old.id}`);
		}
		await n8n.importWorkflow(workflow);
		names.push(`${workflow.name} (${example.file})`);
	}
	return names;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	try {
		if (child.pid) process.kill(-child.pid, signal);
	} catch {
		// Already gone.
	}
}

async function main(): Promise<void> {
	// A tarball already packed (the real-n8n tests' global set-up) is used as is.
	const given = process.env.N8N_E2E_PACKAGE_TGZ;
	if (!given) console.log('Building and packing the package…');
	const tarball = given ?? (await packPackage(repoRoot));

	const telegramProcess = spawn('npm', ['run', '--silent', 'test-server'], {
		cwd: repoRoot,
		detached: true,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let n8n: N8nInstance | undefined;
	let model: OpenAiStub | undefined;
	let stopping = false;
	const stopAll = async (code: number) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the loopback server…');
		await n8n?.stop().catch((error) => console.error(error));
		await model?.stop().catch((error) => console.error(error));
		killGroup(telegramProcess, 'SIGTERM');
		const gone = new Promise((resolve) => telegramProcess.once('exit', resolve));
		if (telegramProcess.exitCode === null) {
			await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
		}
		killGroup(telegramProcess, 'SIGKILL');
		const outbound = n8n?.outboundAttempts() ?? [];
		if (outbound.length)
			console.warn(`n8n tried to reach beyond 127.0.0.1:\n${outbound.join('\n')}`);
		process.exit(code);
	};
	process.on('SIGINT', () => void stopAll(0));
	process.on('SIGTERM', () => void stopAll(0));
	process.on('SIGHUP', () => void stopAll(0));
	// npm runs us through `sh -c`, and a SIGTERM to npm kills only that shell: when our parent
	// goes away (or the terminal closes), stop everything we started instead of living on.
	const parent = process.ppid;
	for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
	setInterval(() => {
		if (process.ppid !== parent) void stopAll(0);
	}, 1_000).unref();

	try {
		const demo = demoServerFrom(await readDemoServer(telegramProcess, 120_000));
		telegramProcess.once('exit', (code) => {
			if (stopping) return;
			console.error(`The loopback server exited (code ${code}).`);
			void stopAll(1);
		});
		console.log(`Loopback Telegram server on ${demo.host}:${demo.port}; starting n8n…`);
		n8n = await startN8n({ tarball, port, userFolder });
		if (!given) await discardTarball(tarball);
		const options = {
			server: 'custom',
			customHost: demo.host,
			customPort: demo.port,
			customDcId: demo.dcId,
			customRsaPublicKey: demo.rsaPublicKeyPem,
		};
		const account = await replaceCredential(n8n, 'Telegram demo account', 'telegramAccountApi', {
			...demoApp,
			session: demo.session,
			options,
		});
		const app = await replaceCredential(n8n, 'Telegram demo app', 'telegramAppApi', {
			...demoApp,
			options,
		});
		// The assistant example's chat model: a local stand-in that answers with real tool calls
		// (typing, read the chat, one reply), so the example runs with no model account.
		model = await startOpenAiStub(
			assistantScript({
				read: 10,
				reply: (text) => `Thanks! You wrote "${text}" — I'll get back to you soon.`,
			}),
		);
		const chatModel = await replaceCredential(n8n, 'Demo chat model (local stub)', 'openAiApi', {
			apiKey: 'sk-dev-stub',
			url: model.baseUrl,
			header: false,
		});
		const examples = await loadExamples(
			n8n,
			{ telegramAccountApi: account, telegramAppApi: app, openAiApi: chatModel },
			demo,
		);
		console.log(
			[
				'',
				`n8n is ready:  ${n8n.baseUrl}`,
				`Log in with:   ${defaultOwner.email} / ${defaultOwner.password}`,
				`Credentials:   "Telegram demo account" (@${demo.username}), "Telegram demo app"`,
				`Telegram:      loopback server ${demo.host}:${demo.port}, control ${demo.controlUrl}`,
				`Demo world:    contacts ${demo.contacts.join(', ')}; "Demo group"; channel ${demo.channel} (posts, one of each media kind); supergroup ${demo.megagroup}`,
				`               a photo in the chat with ${demo.mediaMessage.chat}, message ${demo.mediaMessage.messageId}`,
				`Demo login:    phone ${demo.phone}, code ${demo.loginCode} (Telegram Account Login node)`,
				`Examples:      ${examples.join('\n               ')}`,
				'               (a Form workflow must be published before its URL works)',
				`Chat model:    "Demo chat model (local stub)" at ${model.baseUrl}: replies with tool calls, no account needed`,
				'               (publish either the AI assistant or the support inbox: both answer private messages)',
				...demoExampleLines(demo, demo.controlUrl),
				`n8n log:       ${n8n.logFile}`,
				'Press Ctrl+C to stop everything.',
			].join('\n'),
		);
	} catch (error) {
		console.error((error as Error).message);
		await stopAll(1);
	}
}

void main();
