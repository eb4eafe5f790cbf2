// One measured webhook-started execution in a real n8n (figure 3n): the wall time, the RSS growth
// of the n8n process (and of its task runner, for the Code node), and the run data n8n saved.
import { setTimeout as sleep } from 'node:timers/promises';

import type { N8nInstance } from '../../test/n8n/harness';
import { rssMb, rssPeak, taskRunnerPid } from './n8n';
import { msSince } from './stats';

export interface MeasuredRun {
	wallMs: number;
	/** RSS of the n8n process just before the call, and its peak during it minus that. */
	rssBeforeMb: number;
	rssGrowthMb: number;
	/** The same for the task runner process, when the workflow runs a Code node. */
	runnerGrowthMb?: number;
}

/** Calls the webhook once and samples RSS every 20 ms until n8n answers. */
export async function measuredWebhook(
	n8n: N8nInstance,
	path: string,
	withRunner = false,
): Promise<MeasuredRun> {
	// A moment for the previous run's leftovers (the other n8n's save, GC) to settle.
	await sleep(1000);
	const runner = withRunner ? taskRunnerPid(n8n.pid) : undefined;
	if (withRunner && !runner) throw new Error(`${path}: no task runner process under n8n`);
	const before = rssMb(n8n.pid);
	const runnerBefore = runner ? rssMb(runner) : NaN;
	const sampler = rssPeak(n8n.pid);
	const runnerSampler = runner ? rssPeak(runner) : undefined;
	const start = process.hrtime.bigint();
	const answer = await n8n.runWebhook(path, {}, 600_000);
	const wallMs = msSince(start);
	const peak = sampler.stop();
	const runnerPeak = runnerSampler?.stop();
	if (answer.status !== 200) throw new Error(`${path}: HTTP ${answer.status}`);
	return {
		wallMs,
		rssBeforeMb: before,
		rssGrowthMb: peak - before,
		runnerGrowthMb: runnerPeak === undefined ? undefined : runnerPeak - runnerBefore,
	};
}

interface NodeRun {
	executionTime?: number;
	data?: { main?: Array<Array<{ json: unknown }>> };
}

interface SavedExecution {
	data?: { resultData?: { runData?: Record<string, NodeRun[]> } };
}

/** The output items and executionTime of one node in the workflow's newest saved execution. */
export async function newestNodeRun(
	n8n: N8nInstance,
	workflowId: string,
	nodeName: string,
): Promise<{ items: Array<{ json: unknown }>; executionTime: number }> {
	// A run of 100,000 items takes n8n long to load on a busy machine: 5 min, not api()'s 30 s.
	const page = await n8n.api<{ data: SavedExecution[] }>(
		'GET',
		`/executions?workflowId=${workflowId}&includeData=true&limit=1`,
		undefined,
		300_000,
	);
	const run = page.data[0]?.data?.resultData?.runData?.[nodeName]?.[0];
	return { items: run?.data?.main?.[0] ?? [], executionTime: run?.executionTime ?? NaN };
}
