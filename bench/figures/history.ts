// Figure 3: Collect History of 100,000 messages, node ÷ raw GramJS iterMessages at 0 and 50 ms,
// measured by bench/history.ts (its own server process with the channel seeded) and shown here
// as a time ratio: node time ÷ raw time (below 1 = the node is faster).
import { runHistoryBench } from '../history';
import { single, type BenchEnv, type Figure, type FigureRow } from './types';

const GOALS: Record<number, number> = { 0: 1.2, 50: 0.5 };

async function run(env: BenchEnv): Promise<FigureRow[]> {
	const count = Number(process.env.BENCH_HISTORY_COUNT ?? 100_000);
	env.log(`figure 3: collecting ${count} messages, 2 runs per side per latency`);
	const { rows, retained } = await runHistoryBench(count, [0, 50]);
	const out: FigureRow[] = [];
	const heap = retained.heapAfterRunMb;
	// The first run warms caches and code; what the later runs add is what a collect keeps.
	const keptKb = ((heap[heap.length - 1] - heap[1]) * 1024) / (heap.length - 2);
	out.push({
		figure: '3h',
		metric: `Collect History ${retained.messagesPerRun} msgs, ${heap.length} runs on one client: heap kept per run after GC`,
		unit: 'kB',
		value: single(Math.round(keptKb)),
		goal: { max: 1024 },
		note: `heap after each run ${heap.join(' → ')} MB`,
	});
	for (const row of rows) {
		const tag = `3${row.latencyMs ? 'b' : 'a'}`;
		out.push(
			{
				figure: tag,
				metric: `Collect History ${count} msgs at ${row.latencyMs} ms: node time ÷ raw iterMessages`,
				unit: 'ratio',
				value: single(row.rawMsgsPerSec / row.nodeMsgsPerSec),
				goal: { max: GOALS[row.latencyMs] },
				note: `best of 2 per side; node ${row.nodeMsgsPerSec} msg/s, raw ${row.rawMsgsPerSec} msg/s`,
			},
			{
				figure: `${tag}m`,
				metric: `Collect History at ${row.latencyMs} ms: node peak RSS (whole process)`,
				unit: 'MB',
				value: single(row.nodePeakRssMb),
				goal: { max: 300 },
				note: `growth during the collect ${row.nodeRssGrowthMb} MB`,
			},
		);
	}
	return out;
}

export const history: Figure = {
	id: '3',
	title: 'Collect History ÷ raw iterMessages',
	budgetMs: 300_000,
	run,
};
