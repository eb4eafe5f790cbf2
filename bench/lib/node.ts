// The action node class for in-process figures. Under ts-node, `require('…/TelegramAccount.node')`
// finds the codex file TelegramAccount.node.json first (Node tries .json before .ts), so the
// class is loaded by its full file name; its type comes from the usual import.
import type { TelegramAccount as NodeClass } from '../../nodes/TelegramAccount/TelegramAccount.node';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loaded = require('../../nodes/TelegramAccount/TelegramAccount.node.ts') as {
	TelegramAccount: typeof NodeClass;
};

export const TelegramAccount = loaded.TelegramAccount;
