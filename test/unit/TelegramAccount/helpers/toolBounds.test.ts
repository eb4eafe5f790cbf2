// How many results an AI agent gets: Return All is never all, a limit the model picks is capped,
// a number the user typed is kept; outside tool use nothing changes.
import type { IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { TOOL_LIMIT, toolBoundedLimit } from '../../../../nodes/TelegramAccount/helpers/toolBounds';

function context(type: string, parameters: INodeParameters): IExecuteFunctions {
	const node = { id: 'n', name: 'Telegram Account', type, typeVersion: 1, position: [0, 0] };
	return {
		getNode: () => ({ ...node, parameters }),
		isToolExecution: () => false,
	} as unknown as IExecuteFunctions;
}

const tool = (parameters: INodeParameters = {}) =>
	context('n8n-nodes-telegram-account.telegramAccountTool', parameters);
const workflow = (parameters: INodeParameters = {}) =>
	context('n8n-nodes-telegram-account.telegramAccount', parameters);

describe('limits in tool use', () => {
	it('turns Return All into the bound for a model, and leaves it for a workflow', () => {
		expect(toolBoundedLimit(tool(), undefined)).toBe(TOOL_LIMIT);
		expect(toolBoundedLimit(workflow(), undefined)).toBeUndefined();
	});

	it('lets a model lower the limit but not raise it above the bound', () => {
		const fromAi = tool({ limit: "={{ $fromAI('limit', 'How many', 'number', 10) }}" });
		expect(toolBoundedLimit(fromAi, 5)).toBe(5);
		expect(toolBoundedLimit(fromAi, 5000)).toBe(TOOL_LIMIT);
	});

	it('keeps a number the user typed, and every limit outside tool use', () => {
		expect(toolBoundedLimit(tool({ limit: 200 }), 200)).toBe(200);
		expect(toolBoundedLimit(workflow({ limit: '={{ 5000 }}' }), 5000)).toBe(5000);
	});
});
