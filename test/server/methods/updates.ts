// updates.getState / getDifference / getChannelDifference over the world's pts logs.
import { Api } from 'telegram';
import { boxDifference, boxState, channelDifference } from '../world/difference';
import { fail, inputChannel, me, readableChannel, type MethodTable } from './context';

export const updateMethods: MethodTable = {
	'updates.GetState': (ctx) => boxState(ctx.w, ctx.w.box(me(ctx))),
	'updates.GetDifference': (ctx, req: Api.updates.GetDifference) => {
		const box = ctx.w.box(me(ctx));
		if (req.pts > box.pts) fail(400, 'PERSISTENT_TIMESTAMP_INVALID');
		return boxDifference(ctx.w, box, req.pts, req.ptsTotalLimit, req.date);
	},
	'updates.GetChannelDifference': (ctx, req: Api.updates.GetChannelDifference) => {
		const uid = me(ctx);
		const ch = readableChannel(ctx, inputChannel(ctx, req.channel));
		if (req.pts <= 0 || req.pts > ch.pts) fail(400, 'PERSISTENT_TIMESTAMP_INVALID');
		// Telegram caps a channel difference at 100 messages for users (100,000 for bots).
		const cap = ctx.w.users.get(uid)?.bot ? 100_000 : 100;
		return channelDifference(ctx.w, uid, ch, req.pts, Math.min(req.limit || cap, cap));
	},
};
