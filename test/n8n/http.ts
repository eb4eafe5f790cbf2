// A tiny JSON-over-HTTP client for talking to a local n8n. node:http with `agent: false` rather
// than fetch: each request closes its socket, so a test file never ends with a pooled keep-alive
// socket open, and every request has its own deadline.
import { request as httpRequest } from 'node:http';

export interface HttpResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
	text: string;
}

export interface HttpRequest {
	method?: string;
	url: string;
	headers?: Record<string, string>;
	body?: unknown;
	timeoutMs?: number;
}

export function httpJson(req: HttpRequest): Promise<HttpResponse> {
	const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
	const timeoutMs = req.timeoutMs ?? 30_000;
	return new Promise((resolve, reject) => {
		const outgoing = httpRequest(
			req.url,
			{
				method: req.method ?? 'GET',
				agent: false,
				headers: {
					accept: 'application/json',
					...(payload ? { 'content-type': 'application/json' } : {}),
					...req.headers,
				},
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('error', reject);
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let body: unknown = text;
					try {
						body = text ? JSON.parse(text) : undefined;
					} catch {
						// Not JSON (an HTML page, a plain-text error): keep the text.
					}
					resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
				});
			},
		);
		outgoing.setTimeout(timeoutMs, () =>
			outgoing.destroy(
				new Error(`${req.method ?? 'GET'} ${req.url}: no answer in ${timeoutMs} ms`),
			),
		);
		outgoing.on('error', reject);
		outgoing.end(payload);
	});
}

/** Polls `url` until it answers 200 or `deadline` (epoch ms) passes; `alive()` false stops early. */
export async function waitForOk(
	url: string,
	deadline: number,
	alive: () => boolean,
): Promise<void> {
	let last = 'no answer yet';
	while (Date.now() < deadline) {
		if (!alive()) throw new Error(`the process exited while waiting for ${url}`);
		try {
			const res = await httpJson({ url, timeoutMs: 2_000 });
			if (res.status === 200) return;
			last = `HTTP ${res.status}`;
		} catch (error) {
			last = (error as Error).message;
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`${url} not ready before the deadline (${last})`);
}
