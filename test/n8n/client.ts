// What tests do with a running n8n, over its REST API (editor session cookie) and its public API
// (API key). Internal REST answers are wrapped in `{ data }`; the public API's are not.
import { httpJson, type HttpResponse } from './http';

export interface OwnerLogin {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export interface CredentialInput {
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export interface Execution {
	id: string;
	finished: boolean;
	mode: string;
	status: string;
	workflowId: string;
	data?: unknown;
}

interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage?: string | null }>;
}

export interface WebhookResult {
	status: number;
	body: unknown;
}

// n8n ties the auth cookie to a browser id and checks it on every editor request.
const browserId = 'n8n-nodes-telegram-account-e2e';
const apiKeyLabel = 'n8n-nodes-telegram-account harness';

export class N8nClient {
	private apiKey = '';

	private constructor(
		readonly baseUrl: string,
		private readonly cookie: string,
	) {}

	/** Sets up the owner on a fresh instance (or logs in on a kept one) and creates an API key. */
	static async signIn(baseUrl: string, owner: OwnerLogin): Promise<N8nClient> {
		let res = await httpJson({
			method: 'POST',
			url: `${baseUrl}/rest/owner/setup`,
			headers: { 'browser-id': browserId },
			body: owner,
		});
		if (res.status !== 200) {
			res = await httpJson({
				method: 'POST',
				url: `${baseUrl}/rest/login`,
				headers: { 'browser-id': browserId },
				body: { emailOrLdapLoginId: owner.email, password: owner.password },
			});
		}
		const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (res.status !== 200 || !auth) throw new Error(`owner sign-in failed: ${describe(res)}`);
		const client = new N8nClient(baseUrl, auth);
		// A kept (dev) instance would otherwise gather one key per start.
		const keys = await client.rest<{ items: Array<{ id: string; label: string }> }>(
			'GET',
			'/rest/api-keys',
		);
		for (const old of keys.items.filter((key) => key.label.startsWith(apiKeyLabel))) {
			await client.rest('DELETE', `/rest/api-keys/${old.id}`);
		}
		const scopes = await client.rest<string[]>('GET', '/rest/api-keys/scopes');
		const key = await client.rest<{ rawApiKey: string }>('POST', '/rest/api-keys', {
			label: `${apiKeyLabel} ${Date.now()}`,
			scopes,
			expiresAt: null,
		});
		client.apiKey = key.rawApiKey;
		return client;
	}

	authHeaders(): Record<string, string> {
		return { cookie: this.cookie, 'browser-id': browserId };
	}

	/** An editor REST call; returns the unwrapped `data`. */
	async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		const res = await httpJson({
			method,
			url: this.baseUrl + path,
			headers: this.authHeaders(),
			body,
		});
		if (res.status < 200 || res.status >= 300)
			throw new Error(`${method} ${path}: ${describe(res)}`);
		return (res.body as { data: T }).data;
	}

	/** A public API call (`/api/v1/...`) with the API key; `timeoutMs` as httpJson's (30 s). */
	async api<T>(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<T> {
		const res = await httpJson({
			method,
			url: `${this.baseUrl}/api/v1${path}`,
			headers: { 'x-n8n-api-key': this.apiKey },
			body,
			timeoutMs,
		});
		if (res.status < 200 || res.status >= 300)
			throw new Error(`${method} ${path}: ${describe(res)}`);
		return res.body as T;
	}

	async importCredential(credential: CredentialInput): Promise<{ id: string }> {
		const created = await this.rest<{ id: string }>('POST', '/rest/credentials', credential);
		return { id: created.id };
	}

	/**
	 * Runs n8n's credential test, as the editor's "Test" button does. A stored credential is
	 * tested by id (its redacted data is sent back and n8n restores the secrets); plain data is
	 * stored first.
	 */
	async testCredential(idOrCredential: string | CredentialInput): Promise<CredentialTestResult> {
		const id =
			typeof idOrCredential === 'string'
				? idOrCredential
				: (await this.importCredential(idOrCredential)).id;
		const stored = await this.rest<CredentialInput & { id: string }>(
			'GET',
			`/rest/credentials/${id}?includeData=true`,
		);
		const { name, type, data } = stored;
		return await this.rest<CredentialTestResult>('POST', '/rest/credentials/test', {
			credentials: { id, name, type, data },
		});
	}

	async importWorkflow(workflow: Record<string, unknown>): Promise<{ id: string }> {
		const { id: _ignored, active: _active, ...body } = workflow;
		const created = await this.rest<{ id: string }>('POST', '/rest/workflows', body);
		return { id: created.id };
	}

	/**
	 * Publishes (activates) a workflow and waits until n8n has really started its triggers:
	 * n8n 2.x activates through an outbox that a background poller processes. Throws with n8n's
	 * reasons when a trigger failed to start.
	 */
	async activate(workflowId: string, timeoutMs = 30_000): Promise<void> {
		const published = await this.api<{ activeVersionId: string }>(
			'POST',
			`/workflows/${workflowId}/publish`,
		);
		const deadline = Date.now() + timeoutMs;
		let last: PublicationStatus | undefined;
		while (Date.now() < deadline) {
			last = await this.rest<PublicationStatus>(
				'GET',
				`/rest/workflows/${workflowId}/publication-status`,
			);
			if (last.status === 'failed' || last.status === 'partial') {
				const reasons = last.triggers.map((t) => t.errorMessage).filter(Boolean);
				throw new Error(`activation of ${workflowId} ${last.status}: ${reasons.join('; ')}`);
			}
			if (last.status === 'published' && last.liveVersionId === published.activeVersionId) return;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		throw new Error(
			`workflow ${workflowId} not active after ${timeoutMs} ms: ${JSON.stringify(last)}`,
		);
	}

	async deactivate(workflowId: string): Promise<void> {
		await this.api('POST', `/workflows/${workflowId}/unpublish`);
	}

	/** Calls a production webhook (`/webhook/<path>`) of an active workflow. */
	async runWebhook(path: string, body: unknown = {}, timeoutMs = 60_000): Promise<WebhookResult> {
		const res = await httpJson({
			method: 'POST',
			url: `${this.baseUrl}/webhook/${path.replace(/^\//, '')}`,
			body,
			timeoutMs,
		});
		return { status: res.status, body: res.body };
	}

	/** The workflow's executions, newest first, with their run data. */
	async executions(workflowId: string): Promise<Execution[]> {
		const page = await this.api<{ data: Execution[] }>(
			'GET',
			`/executions?workflowId=${encodeURIComponent(workflowId)}&includeData=true&limit=250`,
		);
		return page.data;
	}
}

function describe(res: HttpResponse): string {
	return `HTTP ${res.status} ${res.text.slice(0, 500)}`;
}
