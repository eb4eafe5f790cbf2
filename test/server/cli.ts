// `npm run test-server [-- --port 20443 --host 127.0.0.1 --control-port 20080]`: the loopback
// Telegram server with a demo world, until SIGINT / SIGTERM; prints what a credential needs (JSON).
import { DEMO_CODE, seedDemoWorld } from './control/demo';
import { startTestServer } from './index';

function flag(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
	const port = flag('port') ? Number(flag('port')) : undefined;
	const host = flag('host');
	const controlPort = flag('control-port') ? Number(flag('control-port')) : undefined;
	const dcs = [1, 2].map((id, i) => ({ id, host, port: port ? port + i : undefined }));
	const ts = await startTestServer({
		dcs,
		world: { fixedCode: DEMO_CODE },
		controlHttp: { host: '127.0.0.1', port: controlPort },
	});
	const demo = seedDemoWorld(ts.control);
	const main = ts.dcs[0];
	process.stdout.write(
		JSON.stringify(
			{
				host: main.host,
				port: main.port,
				dcId: main.id,
				dcs: ts.dcs,
				rsaPublicKeyPem: ts.rsaPublicKeyPem,
				rsaFingerprint: ts.rsaFingerprint,
				controlUrl: ts.controlUrl,
				demo,
			},
			null,
			2,
		) + '\n',
	);
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		ts.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e) => {
	process.stderr.write(`test-server failed: ${(e as Error).message}\n`);
	process.exit(1);
});
