import {
	updateDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import type { TelegramAccountClient } from '../../../shared/transport/client';
import {
	floodWaitSeconds,
	isConnectionError,
	isDeadSessionError,
} from '../../../shared/transport/errors';
import { resolvePeer } from '../../../shared/transport/peers';
import { selfId } from '../../../shared/transport/self';
import { failureJson } from '../../helpers/failure';
import { collectChat, type ChatContext } from './collect';
import { collectFields } from './fields';
import { downloadInto, type MediaBudget } from './media';
import { readSettings } from './settings';
import { emptyChatSummary, runSummary, type ChatSummary } from './summary';

const properties: INodeProperties[] = collectFields;

export const description = updateDisplayOptions(
	{ show: { resource: ['history'], operation: ['collect'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: TelegramAccountClient,
): Promise<{ items: INodeExecutionData[] }> {
	const settings = readSettings(this, itemIndex);
	const startedAt = Date.now();
	const floodBefore = client.floodWaitedMs;
	const out: INodeExecutionData[] = [];
	const budget: MediaBudget = { usedBytes: 0, files: 0 };
	const caps = settings.media;
	const fromPeer = settings.fromUser
		? (await resolvePeer(client, settings.fromUser)).inputPeer
		: undefined;
	const ctx: ChatContext = {
		client,
		settings,
		staticData: this.getWorkflowStaticData('node'),
		selfId: await selfId(client),
		fromPeer,
		emit: async (batch) => {
			for (const item of batch) {
				const binary =
					caps && item.raw ? await downloadInto(this, client, item, caps, budget) : undefined;
				out.push(binary ? { json: item.json, binary } : { json: item.json });
			}
		},
	};
	const summaries: ChatSummary[] = [];
	for (const chat of settings.chats) {
		// Telegram limits the account, not the chat: after a long flood wait, stop asking.
		if (summaries.some((c) => c.stoppedBy === 'floodWait')) {
			summaries.push({ ...emptyChatSummary(chat), partial: true, stoppedBy: 'floodWait' });
			continue;
		}
		try {
			summaries.push(await collectChat(ctx, chat));
		} catch (error) {
			// A long flood wait while resolving the chat: partial like one during paging.
			if (settings.onFloodWait === 'partial' && floodWaitSeconds(error) !== undefined) {
				summaries.push({ ...emptyChatSummary(chat), partial: true, stoppedBy: 'floodWait' });
				continue;
			}
			// One bad chat fails only itself, under the router's Continue On Fail policy; a broken
			// session or connection fails the item, passed on raw so the router drops the client.
			const chatFault = !isDeadSessionError(error) && !isConnectionError(error);
			if (settings.chats.length === 1 || !chatFault) return await Promise.reject(error);
			const failure = failureJson(this, error, itemIndex);
			out.push({ json: { chat, ...failure } });
			summaries.push({
				...emptyChatSummary(chat),
				partial: true,
				stoppedBy: 'error',
				error: String(failure.error),
			});
		}
	}
	if (settings.summary) {
		const summary = runSummary(summaries, startedAt, client.floodWaitedMs - floodBefore);
		if (caps) summary.media = { files: budget.files, bytes: budget.usedBytes };
		out.push({ json: summary });
	}
	return { items: out };
}
