// An OpenAI-compatible chat-completions server on 127.0.0.1 for tests: a script decides each answer
// (tool calls or a final text) from what the model was sent, and every request is recorded so a
// test can check what reached the "model": the tools offered, their descriptions, the tool results.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content?: string | null | Array<{ type: string; text?: string }>;
	tool_calls?: ToolCall[];
	tool_call_id?: string;
	name?: string;
}

export interface ToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

export interface ToolSpec {
	type: 'function';
	function: { name: string; description?: string; parameters?: JsonSchema };
}

export interface JsonSchema {
	type?: string;
	description?: string;
	properties?: Record<string, JsonSchema>;
	required?: string[];
	[key: string]: unknown;
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: ToolSpec[];
	stream?: boolean;
	[key: string]: unknown;
}

/** What the script answers: tool calls (name + arguments) or the final text. */
export type ScriptAnswer =
	| { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> }
	| { text: string };

export type Script = (request: ChatRequest) => ScriptAnswer;

export interface OpenAiStub {
	/** Base URL as the OpenAI credential wants it (ends in /v1). */
	readonly baseUrl: string;
	/** Every chat-completions request, in arrival order. */
	readonly requests: ChatRequest[];
	/** Answers the requests from now on (each test of a file may play its own model). */
	script: Script;
	/** Requests to paths the stub does not serve (a sign of a different API, e.g. /responses). */
	readonly unknown: string[];
	stop(): Promise<void>;
}

/** The text of a message, whether the client sent a string or content parts. */
export function textOf(message: ChatMessage): string {
	if (typeof message.content === 'string') return message.content;
	return (message.content ?? []).map((part) => part.text ?? '').join('');
}

/** The tool results the model was sent, by the name of the tool that was called. */
export function toolResults(messages: ChatMessage[]): Map<string, string> {
	const names = new Map<string, string>();
	for (const m of messages)
		for (const call of m.tool_calls ?? []) names.set(call.id, call.function.name);
	const results = new Map<string, string>();
	for (const m of messages) {
		if (m.role === 'tool' && m.tool_call_id) {
			results.set(names.get(m.tool_call_id) ?? m.name ?? '?', textOf(m));
		}
	}
	return results;
}

function toolNamed(request: ChatRequest, pattern: RegExp): string {
	const found = request.tools?.find((t) => pattern.test(t.function.name));
	if (!found) throw new Error(`no tool matching ${pattern} was offered`);
	return found.function.name;
}

/**
 * The model of examples/ai-assistant.json, played by a script: typing and a read of the chat
 * first, then one reply built from the newest message the read returned, then a final answer.
 */
export function assistantScript(o: {
	read: number;
	reply: (newest: string) => string;
	/** More arguments for the read call (a chat, when the workflow leaves it to the model). */
	readArgs?: Record<string, unknown>;
}): Script {
	return (request) => {
		const read = toolNamed(request, /read_recent/i);
		const typing = toolNamed(request, /typing/i);
		const send = toolNamed(request, /send_reply/i);
		const results = toolResults(request.messages);
		if (!results.has(read)) {
			return {
				toolCalls: [
					{ name: typing, arguments: {} },
					{ name: read, arguments: { ...o.readArgs, limit: o.read } },
				],
			};
		}
		if (!results.has(send)) {
			const newest = /"text":"((?:[^"\\]|\\.)*)"/.exec(results.get(read)!)?.[1];
			const text = newest === undefined ? '(nothing read)' : (JSON.parse(`"${newest}"`) as string);
			return { toolCalls: [{ name: send, arguments: { text: o.reply(text) } }] };
		}
		return { text: 'Replied to the customer.' };
	};
}

let callCounter = 0;

function completion(request: ChatRequest, answer: ScriptAnswer) {
	const created = Math.floor(Date.now() / 1000);
	const toolCalls =
		'toolCalls' in answer
			? answer.toolCalls.map((call) => ({
					id: `call_${++callCounter}`,
					type: 'function' as const,
					function: { name: call.name, arguments: JSON.stringify(call.arguments) },
				}))
			: undefined;
	const message = toolCalls
		? { role: 'assistant', content: null, tool_calls: toolCalls }
		: { role: 'assistant', content: (answer as { text: string }).text };
	return {
		id: `chatcmpl-stub-${created}-${callCounter}`,
		created,
		model: request.model,
		toolCalls,
		message,
		finishReason: toolCalls ? 'tool_calls' : 'stop',
	};
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const payload = Buffer.from(JSON.stringify(body));
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': payload.length });
	res.end(payload);
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

export async function startOpenAiStub(script: Script): Promise<OpenAiStub> {
	const requests: ChatRequest[] = [];
	const unknown: string[] = [];
	const stub = { script };
	const server = createServer((req, res) => {
		void readBody(req).then((body) => {
			const path = (req.url ?? '').split('?')[0];
			if (req.method === 'GET' && path === '/v1/models') {
				sendJson(res, 200, { object: 'list', data: [{ id: 'stub-model', object: 'model' }] });
				return;
			}
			if (req.method !== 'POST' || path !== '/v1/chat/completions') {
				unknown.push(`${req.method} ${path}`);
				sendJson(res, 404, { error: { message: `the stub serves no ${path}` } });
				return;
			}
			let request: ChatRequest;
			let answer: ScriptAnswer;
			try {
				request = JSON.parse(body) as ChatRequest;
				requests.push(request);
				// n8n 2.41's agent asks with stream: false unless a chat trigger streams its answer.
				if (request.stream) throw new Error('streamed answers are not served');
				answer = stub.script(request);
			} catch (error) {
				sendJson(res, 500, { error: { message: `stub: ${(error as Error).message}` } });
				return;
			}
			const c = completion(request, answer);
			sendJson(res, 200, {
				id: c.id,
				object: 'chat.completion',
				created: c.created,
				model: c.model,
				choices: [{ index: 0, message: c.message, finish_reason: c.finishReason, logprobs: null }],
				usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
			});
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return Object.assign(stub, {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		unknown,
		async stop() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	});
}
