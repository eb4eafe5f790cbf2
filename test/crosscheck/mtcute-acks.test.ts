// Unmodified mtcute puts its msgs_ack in the same container as its next RPC with an odd
// (content-related) seq_no. Telegram accepts that; a server that answered bad_msg_notification 34
// would make mtcute reset its session and reconnect, so the RPC in that container never completes.
import './mtcute-quiet';
import { withDeadline } from '../helpers/deadline';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../helpers/leaks';
import { startCrosscheckServer, type CrosscheckServer } from './loopback-server';
import { createLoopbackClient } from './mtcute-client';

let before: HandleCounts;
let srv: CrosscheckServer;

beforeAll(async () => {
	before = handleSnapshot();
	srv = await startCrosscheckServer({ dcs: [{ id: 2 }] });
});

afterAll(async () => {
	await srv?.stop();
	await expectNoLeakedHandles(before);
});

test('an RPC sent in a container with mtcute’s acks is answered', async () => {
	const phone = '15550200001';
	const { userId } = srv.control.createAccount({ phone, firstName: 'Acks', session: false });
	const dc = srv.dcs[0];
	const c = createLoopbackClient({
		host: dc.host,
		port: dc.port,
		dcId: dc.id,
		rsaPublicKeyPem: srv.rsaPublicKeyPem,
	});
	try {
		// sendCode's answer is acked in the same container as signIn.
		const sent = await withDeadline(c.client.sendCode({ phone }), 10_000, 'sendCode');
		if (!('phoneCodeHash' in sent)) throw new Error('sendCode returned a user');
		const code = srv.control.lastCode({ phone })!.code;
		const signIn = c.client.signIn({ phone, phoneCodeHash: sent.phoneCodeHash, phoneCode: code });
		const me = await withDeadline(signIn, 5000, 'signIn (container with msgs_ack)').catch(
			(e: Error) => e,
		);
		const notifications = c.logs.filter((l) => /bad_msg_notification for/.test(l));
		expect(notifications).toEqual([]);
		expect(me).toMatchObject({ id: userId });
	} finally {
		await withDeadline(c.close(), 5000, 'mtcute destroy');
	}
});
