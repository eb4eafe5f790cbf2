// Preloaded into a test or dev n8n (NODE_OPTIONS=--require): when the process that started it
// (jest worker, `npm run dev`) dies without stopping it — a crash, a SIGKILL on timeout — this
// n8n shuts itself down instead of living on as an orphan holding its port.
'use strict';

const parent = Number(process.env.EXIT_WITH_PARENT_PID);

if (parent > 0) {
	const parentAlive = () => {
		try {
			process.kill(parent, 0);
			return true;
		} catch (error) {
			return error.code === 'EPERM';
		}
	};
	const timer = setInterval(() => {
		if (parentAlive()) return;
		clearInterval(timer);
		process.kill(process.pid, 'SIGTERM'); // n8n's own graceful shutdown
		setTimeout(() => process.exit(1), 15_000).unref();
	}, 1_000);
	timer.unref();
}
