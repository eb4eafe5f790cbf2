// The figures of issue 7, in run order. The trigger's figure 4 joins as one more entry here.
import { history } from './history';
import { login } from './login';
import { inN8n } from './n8n';
import { sendPooled } from './send-pooled';
import { sendWarm } from './send-warm';
import { trigger } from './trigger';
import type { Figure } from './types';

export const figures: Figure[] = [sendWarm, sendPooled, login, history, trigger, inN8n];
