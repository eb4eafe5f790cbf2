// A tiny world for the core's tests: just enough for GramJS to connect and call getMe.
import bigInt from 'big-integer';
import { Api } from 'telegram';
import {
	createMtprotoServer,
	MemoryAuthKeyStore,
	RpcError,
	type DcEndpoint,
	type MtprotoServer,
	type MtprotoServerExtraOptions,
	type RpcCall,
	type RpcHandler,
} from '../core';

export function stubConfig(dcs: DcEndpoint[], thisDc: number): Api.Config {
	const now = Math.floor(Date.now() / 1000);
	return new Api.Config({
		date: now,
		expires: now + 3600,
		testMode: false,
		thisDc,
		dcOptions: dcs.map((d) => new Api.DcOption({ id: d.id, ipAddress: d.host, port: d.port })),
		dcTxtDomainName: 'localhost',
		chatSizeMax: 200,
		megagroupSizeMax: 200_000,
		forwardedCountMax: 100,
		onlineUpdatePeriodMs: 210_000,
		offlineBlurTimeoutMs: 5000,
		offlineIdleTimeoutMs: 30_000,
		onlineCloudTimeoutMs: 300_000,
		notifyCloudDelayMs: 30_000,
		notifyDefaultDelayMs: 1500,
		pushChatPeriodMs: 60_000,
		pushChatLimit: 2,
		editTimeLimit: 172_800,
		revokeTimeLimit: 2_147_483_647,
		revokePmTimeLimit: 2_147_483_647,
		ratingEDecay: 2_419_200,
		stickersRecentLimit: 200,
		channelsReadMediaPeriod: 604_800,
		callReceiveTimeoutMs: 20_000,
		callRingTimeoutMs: 90_000,
		callConnectTimeoutMs: 30_000,
		callPacketTimeoutMs: 10_000,
		meUrlPrefix: 'https://t.me/',
		captionLengthMax: 1024,
		messageLengthMax: 4096,
		webfileDcId: thisDc,
	});
}

export const stubUser = new Api.User({
	self: true,
	id: bigInt(1000),
	accessHash: bigInt(42),
	firstName: 'Core',
	lastName: 'Test',
	username: 'coretest',
	phone: '15550000000',
});

/** Enough users for a result above the gzip threshold. */
export function bigUsers(): Api.User[] {
	return Array.from(
		{ length: 30 },
		(_, i) => new Api.User({ id: bigInt(5000 + i), firstName: `User ${i} ${'x'.repeat(40)}` }),
	);
}

export interface StubHandler extends RpcHandler {
	calls: RpcCall[];
	/** Extra per-method answers a test adds. */
	on: Map<string, (call: RpcCall) => unknown>;
}

export function stubHandler(dcs: () => DcEndpoint[]): StubHandler {
	const calls: RpcCall[] = [];
	const on = new Map<string, (call: RpcCall) => unknown>();
	const handler = (async (call: RpcCall) => {
		calls.push(call);
		const extra = on.get(call.method);
		if (extra) return extra(call);
		switch (call.method) {
			case 'help.GetConfig':
				return stubConfig(dcs(), call.session.dcId);
			case 'users.GetUsers':
				return [stubUser];
			case 'updates.GetState':
				return new Api.updates.State({
					pts: 1,
					qts: 0,
					date: Math.floor(Date.now() / 1000),
					seq: 0,
					unreadCount: 0,
				});
			default:
				throw new RpcError(400, `METHOD_NOT_STUBBED_${call.method}`);
		}
	}) as StubHandler;
	handler.calls = calls;
	handler.on = on;
	return handler;
}

export interface StubWorld {
	server: MtprotoServer;
	store: MemoryAuthKeyStore;
	handler: StubHandler;
}

/** A started server with DCs `dcIds` (default [2]) and the stub handler. */
export async function startStubServer(
	dcIds: number[] = [2],
	extra: MtprotoServerExtraOptions = {},
): Promise<StubWorld> {
	const store = new MemoryAuthKeyStore();
	let server: MtprotoServer | undefined;
	const handler = stubHandler(() => server?.dcs ?? []);
	const dcs = dcIds.map((id) => ({ id }));
	server = createMtprotoServer({ dcs, handler, authKeys: store, ...extra });
	await server.start();
	return { server, store, handler };
}
