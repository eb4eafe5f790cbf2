// How the queue soak reads what each trigger execution received (test/queue/trigger.ts). n8n 2.41
// hides a run's items from every API reader when its credential check failed under load: the soak
// once counted 126 and 899 such executions as "no message" although n8n had stored the message.
import type { N8nClient } from '../n8n/harness';
import { TRIGGER_NODE, triggeredTexts, unflatten, type PagedExecution } from './trigger';

/** An execution's data as n8n stores it: flatted (every string and object once, by index). */
const STORED = JSON.stringify([
	{ version: 1, resultData: '1' },
	{ runData: '2' },
	{ [TRIGGER_NODE]: '3' },
	['4'],
	{ startTime: 1, data: '5' },
	{ main: '6' },
	['7'],
	['8'],
	{ json: '9' },
	{ text: '10', chatId: '11' },
	'incoming 42',
	'100002',
]);

/** The same execution as the public API shows it once n8n redacted it. */
const REDACTED: PagedExecution = {
	id: '7',
	status: 'success',
	data: {
		redactionInfo: { isRedacted: true, reason: 'dynamic_credentials' },
		resultData: {
			runData: {
				[TRIGGER_NODE]: [
					{
						data: {
							main: [[{ json: {}, redaction: { reason: 'dynamic_credentials' } } as never]],
						},
					},
				],
			},
		},
	},
};

const n8n = {
	api: async () => await Promise.resolve({ data: [REDACTED], nextCursor: null }),
} as unknown as N8nClient;

test('flatted execution data is read back whole', () => {
	const data = unflatten(STORED) as { resultData: { runData: Record<string, unknown> } };
	expect(data.resultData.runData[TRIGGER_NODE]).toEqual([
		{ startTime: 1, data: { main: [[{ json: { text: 'incoming 42', chatId: '100002' } }]] } },
	]);
});

test('a redacted execution is read from the database, not counted as a lost message', async () => {
	expect(await triggeredTexts(n8n, 'wf')).toEqual([{ id: '7', status: 'success' }]);
	const queries: string[] = [];
	const sql = async (query: string) => {
		queries.push(query);
		return await Promise.resolve(`7|${STORED}\n`);
	};
	expect(await triggeredTexts(n8n, 'wf', sql)).toEqual([
		{ id: '7', status: 'success', text: 'incoming 42', redacted: 'dynamic_credentials' },
	]);
	expect(queries).toHaveLength(1);
	expect(queries[0]).toContain('"executionId" in (7)');
});
