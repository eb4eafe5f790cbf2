// Reads a V8 .cpuprofile (from BENCH_N8N_CPU_PROF or node --cpu-prof) and prints where the time
// went while the node ran: the spans where this package or GramJS was on the stack (a collect, a
// send), then self time by package and the top functions by self and by total (inclusive) time.
// Run: npx ts-node --transpile-only bench/profile-summary.ts <file.cpuprofile> [top] [--all]
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface Profile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** Which package (or runtime part) a frame belongs to. */
function packageOf(url: string, name: string): string {
	if (!url) return name.startsWith('(') ? name : '(native)';
	if (/n8n-nodes-telegram-account\/dist\/|wt-[\w-]+\/(nodes|dist)\//.test(url))
		return 'this package';
	const match = /node_modules\/((@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url);
	if (match) return match[1];
	return url.startsWith('node:') ? 'node core' : url;
}

const keyOf = (n: ProfileNode) =>
	`${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber + 1}`;

/** Gaps longer than this between two samples of ours start a new span. */
const SPAN_GAP_US = 400_000;

function main(): void {
	const args = process.argv.slice(2);
	const all = args.includes('--all');
	const [file, topArg] = args.filter((a) => !a.startsWith('--'));
	const top = Number(topArg ?? 30);
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const stackOf = (id: number): ProfileNode[] => {
		const out: ProfileNode[] = [];
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
			out.push(byId.get(at)!);
		return out;
	};
	const ours = (id: number) =>
		stackOf(id).some((n) => /this package|^telegram$/.test(packageOf(n.callFrame.url, '')));
	// Sample times, and the spans where the node (or GramJS under it) was running.
	let t = profile.startTime;
	const times = profile.timeDeltas.map((d) => (t += d));
	const spans: Array<[number, number]> = [];
	profile.samples.forEach((id, i) => {
		if (!ours(id)) return;
		const last = spans[spans.length - 1];
		if (last && times[i] - last[1] <= SPAN_GAP_US) last[1] = times[i];
		else spans.push([times[i], times[i]]);
	});
	const inSpan = (time: number) => all || spans.some(([a, b]) => time >= a && time <= b);
	console.log(
		all
			? 'whole profile'
			: `spans with this package or GramJS on the stack (ms): ${spans
					.map(([a, b]) => Math.round((b - a) / 1000))
					.filter((ms) => ms > 50)
					.join(', ')}`,
	);
	const packages = new Map<string, number>();
	const selfFns = new Map<string, number>();
	const totalFns = new Map<string, number>();
	let total = 0;
	profile.samples.forEach((id, i) => {
		if (!inSpan(times[i])) return;
		const us = profile.timeDeltas[i];
		total += us;
		const node = byId.get(id)!;
		const pkg = packageOf(node.callFrame.url, node.callFrame.functionName);
		packages.set(pkg, (packages.get(pkg) ?? 0) + us);
		selfFns.set(keyOf(node), (selfFns.get(keyOf(node)) ?? 0) + us);
		for (const key of new Set(stackOf(id).map(keyOf)))
			totalFns.set(key, (totalFns.get(key) ?? 0) + us);
	});
	const show = (map: Map<string, number>, n: number) =>
		[...map]
			.sort((a, b) => b[1] - a[1])
			.slice(0, n)
			.map(
				([k, us]) =>
					`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
			)
			.join('\n');
	console.log(`${(total / 1000).toFixed(0)} ms sampled\n\nself time by package:`);
	console.log(show(packages, 20));
	console.log('\ntop functions by self time:');
	console.log(show(selfFns, top));
	console.log('\ntop functions by total time (this package and n8n):');
	const mine = new Map(
		[...totalFns].filter(([k]) =>
			/transport\/|history\/|actions\/|n8n-core|n8n-workflow|execution/.test(k),
		),
	);
	console.log(show(mine, top));
}

main();
