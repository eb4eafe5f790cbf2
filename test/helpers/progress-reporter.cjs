// Jest prints nothing while a slow test file runs when its output is not a terminal (CI logs, a
// pipe): every 20 s this names the files still running and how long they have run.
const EVERY_MS = 20_000;

class ProgressReporter {
	constructor() {
		this.running = new Map();
		this.done = 0;
		this.timer = undefined;
	}

	onRunStart(results) {
		this.total = results.numTotalTestSuites;
		if (process.stderr.isTTY) return;
		this.timer = setInterval(() => this.tell(), EVERY_MS);
		this.timer.unref();
	}

	onTestFileStart(test) {
		this.running.set(test.path, Date.now());
	}

	onTestFileResult(test) {
		this.running.delete(test.path);
		this.done++;
	}

	tell() {
		if (!this.running.size) return;
		const now = Date.now();
		const files = [...this.running]
			.map(([file, since]) => `${file.replace(`${process.cwd()}/`, '')} ${Math.round((now - since) / 1000)} s`)
			.join(', ');
		process.stderr.write(`… ${this.done} of ${this.total} test files done; running: ${files}\n`);
	}

	onRunComplete() {
		clearInterval(this.timer);
	}

	getLastError() {
		return undefined;
	}
}

module.exports = ProgressReporter;
