import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';
import { errors } from 'telegram';

import { ERROR_TABLE, findErrorRow } from '../../../../nodes/shared/transport/errorTable';
import {
	describeError,
	floodWaitSeconds,
	InputError,
	isDeadSessionError,
	telegramErrorText,
	toNodeError,
	TransportError,
} from '../../../../nodes/shared/transport/errors';

const node: INode = {
	id: '1',
	name: 'Telegram Account',
	type: 'n8n-nodes-telegram-account.telegramAccount',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The errors GramJS itself builds from an rpc_error, so the tests see what production sees. */
const rpc = (text: string, code = 400) =>
	errors.RPCMessageToError(
		new (class {
			errorMessage = text;
			errorCode = code;
		})() as never,
		{ className: 'messages.SendMessage' } as never,
	);

describe('error table', () => {
	it('covers every family the product promises', () => {
		for (const text of [
			'FLOOD_WAIT_5',
			'SLOWMODE_WAIT_10',
			'AUTH_KEY_UNREGISTERED',
			'AUTH_KEY_DUPLICATED',
			'SESSION_REVOKED',
			'USER_DEACTIVATED',
			'USER_DEACTIVATED_BAN',
			'PEER_ID_INVALID',
			'USERNAME_INVALID',
			'USERNAME_NOT_OCCUPIED',
			'CHAT_WRITE_FORBIDDEN',
			'USER_PRIVACY_RESTRICTED',
			'CHANNEL_PRIVATE',
			'MESSAGE_TOO_LONG',
			'MEDIA_EMPTY',
			'MEDIA_VIDEO_STORY_MISSING',
			'PHONE_NUMBER_INVALID',
			'PHONE_CODE_EXPIRED',
			'PASSWORD_HASH_INVALID',
			'API_ID_INVALID',
			'PEER_FLOOD',
		]) {
			expect(findErrorRow(text)).toBeDefined();
		}
		expect(findErrorRow('SOMETHING_NEW')).toBeUndefined();
		expect(new Set(ERROR_TABLE.map((r) => r.pattern)).size).toBe(ERROR_TABLE.length);
	});

	it('reads the number of a numbered error, and only digits', () => {
		expect(findErrorRow('FLOOD_WAIT_42')?.value).toBe(42);
		expect(findErrorRow('FLOOD_WAIT_X1')).toBeUndefined();
		expect(findErrorRow('MEDIA_INVALID')?.row.pattern).toBe('MEDIA_INVALID');
	});
});

describe('GramJS errors', () => {
	it("gives back Telegram's text for flood and slow-mode waits", () => {
		const flood = rpc('FLOOD_WAIT_30', 420);
		expect(flood).toBeInstanceOf(errors.FloodWaitError);
		expect(telegramErrorText(flood)).toBe('FLOOD_WAIT_30');
		expect(floodWaitSeconds(flood)).toBe(30);
		expect(telegramErrorText(rpc('SLOWMODE_WAIT_7', 420))).toBe('SLOWMODE_WAIT_7');
		expect(floodWaitSeconds(rpc('SLOWMODE_WAIT_7', 420))).toBe(7);
		expect(floodWaitSeconds(rpc('PEER_FLOOD'))).toBeUndefined();
		expect(floodWaitSeconds(new Error('FLOOD_WAIT_3'))).toBeUndefined();
	});

	it('knows which errors kill a session', () => {
		expect(isDeadSessionError(rpc('AUTH_KEY_UNREGISTERED', 401))).toBe(true);
		expect(isDeadSessionError(rpc('SESSION_REVOKED', 401))).toBe(true);
		expect(isDeadSessionError(rpc('AUTH_KEY_DUPLICATED', 406))).toBe(true);
		expect(isDeadSessionError(new TransportError('authKeyUnknown'))).toBe(true);
		expect(isDeadSessionError(rpc('PEER_ID_INVALID'))).toBe(false);
		expect(isDeadSessionError(new TransportError('timeout'))).toBe(false);
	});
});

describe('toNodeError', () => {
	it('turns a rate limit into a NodeApiError with the seconds and a retry hint', () => {
		const error = toNodeError(node, rpc('FLOOD_WAIT_120', 420), 3);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('120 seconds');
		expect(error.description).toContain('Flood Wait Threshold');
		expect(error.context.itemIndex).toBe(3);
		expect((error as NodeApiError).httpCode).toBe('420');
		expect(describeError(rpc('FLOOD_WAIT_120', 420)).failure).toEqual({
			cause: 'rate-limited',
			retryAfterMs: 120_000,
		});
	});

	it('turns a revoked session into a NodeApiError that says what to do', () => {
		const error = toNodeError(node, rpc('SESSION_REVOKED', 401), 0);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/revoked/i);
		expect(error.description).toMatch(/Login node/);
	});

	it('turns bad input into a NodeOperationError', () => {
		for (const error of [
			toNodeError(node, rpc('CHAT_WRITE_FORBIDDEN', 403), 1),
			toNodeError(node, new InputError('bad peer', 'use @name'), 1),
		]) {
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.context.itemIndex).toBe(1);
			expect(error.description).toBeTruthy();
		}
	});

	it('names an unknown Telegram error instead of hiding it', () => {
		const error = toNodeError(node, rpc('BRAND_NEW_ERROR', 400));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Telegram error: BRAND_NEW_ERROR');
	});

	it('never wraps twice', () => {
		const once = toNodeError(node, rpc('PEER_ID_INVALID'), 2);
		expect(toNodeError(node, once, 5)).toBe(once);
		const api = toNodeError(node, new TransportError('timeout', 'getMe'));
		expect(toNodeError(node, api)).toBe(api);
		expect(new NodeApiError(node, api as never)).toBe(api);
	});

	it('explains transport failures', () => {
		for (const kind of [
			'timeout',
			'unreachable',
			'authKeyUnknown',
			'rsaKey',
			'noSession',
			'badSession',
		] as const) {
			const error = toNodeError(node, new TransportError(kind));
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.description?.length).toBeGreaterThan(20);
		}
	});
});
