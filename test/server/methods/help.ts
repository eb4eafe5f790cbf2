// help.*: the Config a client gets on connect, with dcOptions pointing back at this server's DCs.
import { Api } from 'telegram';
import type { MethodTable } from './context';

export interface ConfigShape {
	now: number;
	thisDc: number;
	dcs: { id: number; host: string; port: number }[];
	webfileDcId: number;
	dcTxtDomainName?: string;
	/** Marks each DC option as this-port-only (the full server does; the transport stub not). */
	thisPortOnly?: boolean;
}

/** The Config a client gets from help.getConfig; shared with the transport tests' stub world. */
export function buildConfig(c: ConfigShape): Api.Config {
	return new Api.Config({
		date: c.now,
		expires: c.now + 3600,
		testMode: false,
		thisDc: c.thisDc,
		dcOptions: c.dcs.map(
			(d) =>
				new Api.DcOption({
					id: d.id,
					ipAddress: d.host,
					port: d.port,
					...(c.thisPortOnly && { thisPortOnly: true }),
				}),
		),
		dcTxtDomainName: c.dcTxtDomainName ?? 'loopback.invalid',
		chatSizeMax: 200,
		megagroupSizeMax: 200000,
		forwardedCountMax: 100,
		onlineUpdatePeriodMs: 210000,
		offlineBlurTimeoutMs: 5000,
		offlineIdleTimeoutMs: 30000,
		onlineCloudTimeoutMs: 300000,
		notifyCloudDelayMs: 30000,
		notifyDefaultDelayMs: 1500,
		pushChatPeriodMs: 60000,
		pushChatLimit: 2,
		editTimeLimit: 172800,
		revokeTimeLimit: 2147483647,
		revokePmTimeLimit: 2147483647,
		ratingEDecay: 2419200,
		stickersRecentLimit: 200,
		channelsReadMediaPeriod: 604800,
		callReceiveTimeoutMs: 20000,
		callRingTimeoutMs: 90000,
		callConnectTimeoutMs: 30000,
		callPacketTimeoutMs: 10000,
		meUrlPrefix: 'https://t.me/',
		captionLengthMax: 1024,
		messageLengthMax: 4096,
		webfileDcId: c.webfileDcId,
	});
}

export const helpMethods: MethodTable = {
	'help.GetConfig': (ctx) =>
		buildConfig({
			now: ctx.w.now(),
			thisDc: ctx.dcId,
			dcs: ctx.w.endpoints,
			webfileDcId: ctx.w.dcIds[0],
			thisPortOnly: true,
		}),
	'help.GetNearestDc': (ctx) =>
		new Api.NearestDc({ country: 'NL', thisDc: ctx.dcId, nearestDc: ctx.dcId }),
};
