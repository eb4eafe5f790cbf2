// The figures of issue 7 (3n: issue 16), in run order. The trigger's figure 4 joins as one more entry here.
import { history } from './history';
import { historyInN8n } from './history-n8n';
import { login } from './login';
import { inN8n } from './n8n';
import { sendPooled } from './send-pooled';
import { sendWarm } from './send-warm';
import { trigger } from './trigger';
import type { Figure } from './types';

export const figures: Figure[] = [
	sendWarm,
	sendPooled,
	login,
	history,
	historyInN8n,
	trigger,
	inN8n,
];
