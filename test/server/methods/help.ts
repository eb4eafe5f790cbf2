// help.*: the Config a client gets on connect, with dcOptions pointing back at this server's DCs.
import { Api } from 'telegram';
import type { MethodTable } from './context';

export const helpMethods: MethodTable = {
	'help.GetConfig': (ctx) => {
		const now = ctx.w.now();
		const dcOptions = ctx.w.endpoints.map(
			(e) => new Api.DcOption({ id: e.id, ipAddress: e.host, port: e.port, thisPortOnly: true }),
		);
		return new Api.Config({
			date: now,
			expires: now + 3600,
			testMode: false,
			thisDc: ctx.dcId,
			dcOptions,
			dcTxtDomainName: 'loopback.invalid',
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
			webfileDcId: ctx.w.dcIds[0],
		});
	},
	'help.GetNearestDc': (ctx) =>
		new Api.NearestDc({ country: 'NL', thisDc: ctx.dcId, nearestDc: ctx.dcId }),
};
