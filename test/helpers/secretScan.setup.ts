// Jest setup (setupFilesAfterEnv) for every test file: records the secrets in play where they
// enter (credentials, GramJS auth keys, 2FA passwords) and scans n8n and GramJS log lines for them
// (test/helpers/secretScan.ts); node outputs and errors are scanned where tests run a node
// (executeNode in executeContext.ts, the real-n8n harness). The hooks are lazy module factories:
// a file that never loads the package pays nothing. Module mocks, not router mocks: a mocked
// module is shared with jest.isolateModules, which the login tests use as "another process".
type Scan = typeof import('./secretScan');
type Logger = Record<
	'error' | 'warn' | 'info' | 'debug',
	(message: string, meta?: unknown) => void
>;

// Kept once loaded: a late GramJS line may come after jest tore the module system down.
let loaded: Scan | undefined;
const scan = (): Scan => (loaded ??= jest.requireActual<Scan>('./secretScan'));

function scanningLogger(inner: Logger, where: string): Logger {
	const wrap =
		(level: keyof Logger) =>
		(message: string, meta?: unknown): void => {
			// A line logged while the scan module itself loads cannot be scanned yet (nothing is
			// recorded then anyway).
			const s = scan();
			if (typeof s.scanText === 'function') {
				s.scanText(`${where} (${level})`, `${String(message)} ${meta ? scanMeta(meta) : ''}`);
			}
			inner[level](message, meta);
		};
	return { error: wrap('error'), warn: wrap('warn'), info: wrap('info'), debug: wrap('debug') };
}

function scanMeta(meta: unknown): string {
	try {
		return JSON.stringify(meta);
	} catch {
		return String(meta);
	}
}

jest.mock('n8n-workflow', () => {
	const actual = jest.requireActual<typeof import('n8n-workflow')>('n8n-workflow');
	const proxy = actual.LoggerProxy as unknown as { init(logger: Logger): void };
	const init = proxy.init.bind(proxy);
	proxy.init = (logger: Logger) => init(scanningLogger(logger, 'an n8n log line'));
	const quiet = () => undefined;
	proxy.init({ error: quiet, warn: quiet, info: quiet, debug: quiet });
	return actual;
});

jest.mock('telegram/crypto/AuthKey', () => {
	const actual =
		jest.requireActual<typeof import('telegram/crypto/AuthKey')>('telegram/crypto/AuthKey');
	const proto = actual.AuthKey.prototype as { setKey(value?: Buffer | unknown): Promise<void> };
	const setKey = proto.setKey;
	proto.setKey = async function (this: unknown, value?: Buffer | unknown) {
		if (Buffer.isBuffer(value)) scan().recordKeyBytes(value);
		return await setKey.call(this, value);
	};
	return actual;
});

jest.mock('telegram/Password', () => {
	const actual = jest.requireActual<Record<string, unknown>>('telegram/Password');
	const computeCheck = actual.computeCheck as (srp: unknown, password: string) => unknown;
	actual.computeCheck = (srp: unknown, password: string) => {
		scan().recordSecret(password, 'a 2FA password');
		return computeCheck(srp, password);
	};
	return actual;
});

jest.mock('../../nodes/shared/transport/credential', () => {
	const actual = jest.requireActual<Record<string, unknown>>(
		'../../nodes/shared/transport/credential',
	);
	const parse = actual.parseCredential as (data: unknown) => Record<string, unknown>;
	actual.parseCredential = (data: unknown) => {
		const credential = parse(data);
		const proxy = credential.proxy as Record<string, unknown> | undefined;
		scan().recordSecret(credential.apiHash, 'an api_hash');
		scan().recordSecret(credential.session, 'a session');
		scan().recordSecret(credential.loginSecret, 'a login secret');
		scan().recordSecret(proxy?.password, 'a proxy password');
		return credential;
	};
	return actual;
});

jest.mock('../../nodes/shared/transport/logger', () => {
	const actual = jest.requireActual<Record<string, unknown>>('../../nodes/shared/transport/logger');
	const route = actual.routeGramLog as (sink: Logger, ...rest: unknown[]) => void;
	actual.routeGramLog = (sink: Logger, ...rest: unknown[]) =>
		route(scanningLogger(sink, 'a GramJS log line'), ...rest);
	return actual;
});

afterEach(() => {
	const hits = scan().takeHits();
	if (hits.length) throw new Error(`Secret scan: ${[...new Set(hits)].join('; ')}`);
});

// Hits after the last test (a real n8n's log, scanned when the suite stops it) fail the file.
afterAll(() => {
	const hits = scan().takeHits();
	if (hits.length) throw new Error(`Secret scan: ${[...new Set(hits)].join('; ')}`);
});
