// GramJS's own Authenticator over the raw client's transports (padded intermediate, obfuscated),
// and the old RSA form (sha1 + data + padding) that clients before RSA_PAD sent.
import { Api } from 'telegram';
import type { AuthKey } from 'telegram/crypto/AuthKey';
import { encrypt as rsaEncryptOldForm } from 'telegram/crypto/RSA';
import { toSignedLittleBuffer } from 'telegram/Helpers';
import { BinaryReader, Logger } from 'telegram/extensions';
import { LogLevel } from 'telegram/extensions/Logger';
import { doAuthentication } from 'telegram/network/Authenticator';
import type { MTProtoPlainSender } from 'telegram/network/MTProtoPlainSender';
import { withDeadline } from '../../helpers/deadline';
import { trustRsaKey } from '../../helpers/gramjs';
import { expectNoLeakedHandles, handleSnapshot, type HandleCounts } from '../../helpers/leaks';
import { loadRsaKey, normaliseKey, TEST_RSA_PRIVATE_KEY_PEM } from '../core';
import { igeDecrypt, sha256 } from '../core/crypto';
import { rsaDecryptRaw } from '../core/rsa';
import { TlWriter } from '../core/tl-bytes';
import { RawClient, RawSession, type RawTransport } from './raw-client';
import { startStubServer, type StubWorld } from './stub-handler';

let before: HandleCounts;
let w: StubWorld;

beforeAll(async () => {
	before = handleSnapshot();
	w = await startStubServer([2]);
	trustRsaKey(w.server.rsaPublicKeyPem, w.server.rsaFingerprint);
});

afterAll(async () => {
	await w.server.stop();
	await expectNoLeakedHandles(before);
});

type Mutate = (req: Api.AnyRequest) => Promise<Api.AnyRequest>;

/** What doAuthentication needs of a sender: plain messages over the raw client. */
function plainSender(raw: RawClient, mutate?: Mutate) {
	return {
		async send(request: Api.AnyRequest) {
			if (mutate) request = await mutate(request);
			const body = request.getBytes();
			const msg = Buffer.alloc(20 + body.length);
			msg.writeBigInt64LE(raw.newMsgId(), 8);
			msg.writeInt32LE(body.length, 16);
			body.copy(msg, 20);
			raw.sendPacket(msg);
			const p = await raw.nextPacket(5000);
			if (!p) throw new Error('server closed during the handshake');
			return new BinaryReader(p.subarray(20, 20 + p.readInt32LE(16))).tgReadObject();
		},
	} as unknown as MTProtoPlainSender;
}

/** What req_DH_params carries, read with the server's private key. */
function innerData(req: Api.ReqDHParams): Api.PQInnerData {
	const m = rsaDecryptRaw(loadRsaKey(TEST_RSA_PRIVATE_KEY_PEM), req.encryptedData);
	const h = sha256(m.subarray(32));
	const tempKey = Buffer.from(m.subarray(0, 32).map((b, i) => b ^ h[i]));
	const data = Buffer.from(
		igeDecrypt(m.subarray(32), tempKey, Buffer.alloc(32)).subarray(0, 192),
	).reverse();
	return new BinaryReader(data).tgReadObject() as Api.PQInnerData;
}

/** Re-encrypts req_DH_params' inner data in the pre-RSA_PAD form. */
const oldRsaForm: Mutate = async (req) => {
	if (!(req instanceof Api.ReqDHParams)) return req;
	const inner = innerData(req);
	req.encryptedData = (await rsaEncryptOldForm(req.publicKeyFingerprint, inner.getBytes()))!;
	return req;
};

async function handshakeAndUse(
	transport: RawTransport,
	obfuscated: boolean,
	mutate?: Mutate,
	firstSalt?: () => bigint,
) {
	const dc = w.server.dcs[0];
	const raw = await RawClient.open(dc.port, dc.host, transport, obfuscated);
	try {
		const log = new Logger(LogLevel.NONE);
		const { authKey } = await withDeadline(
			doAuthentication(plainSender(raw, mutate), log),
			10_000,
			'handshake',
		);
		const key = (authKey as AuthKey).getKey()!;
		expect(w.store.all().some((r) => r.key.equals(normaliseKey(key)))).toBe(true);
		// The new key works on the same connection.
		const s = new RawSession(raw, key);
		const salt = firstSalt?.() ?? 0n;
		s.send(new TlWriter().uint32(0x7abe77ec).int64(1n).done(), { salt });
		const first = (await s.recv()).body.readUInt32LE(0);
		// Salt 0 gets bad_server_salt; the spec's first salt is taken (new_session_created).
		expect(first).toBe(firstSalt ? 0x9ec20908 : 0xedab447b);
	} finally {
		raw.close();
	}
}

test.each<[RawTransport, boolean]>([
	['padded', false],
	['intermediate', false],
	['abridged', false],
	['padded', true],
	['intermediate', true],
])('DH over %s (obfuscated: %s)', async (transport, obfuscated) => {
	await handshakeAndUse(transport, obfuscated);
});

test('DH with the old RSA form of req_DH_params', async () => {
	await handshakeAndUse('full', false, oldRsaForm);
});

test('a broken req_DH_params closes the connection', async () => {
	const dc = w.server.dcs[0];
	const raw = await RawClient.open(dc.port, dc.host, 'full');
	try {
		const broken: Mutate = async (req) => {
			if (req instanceof Api.ReqDHParams) req.encryptedData = Buffer.alloc(256, 1);
			return req;
		};
		const err = await doAuthentication(plainSender(raw, broken), new Logger(LogLevel.NONE)).catch(
			(e: Error) => e,
		);
		expect(String(err)).toMatch(/closed during the handshake/);
	} finally {
		raw.close();
	}
});

test('the spec-given first salt of a new key (new_nonce ^ server_nonce) is accepted', async () => {
	let salt = 0n;
	const capture: Mutate = async (req) => {
		if (req instanceof Api.ReqDHParams) {
			const inner = innerData(req);
			const nn = toSignedLittleBuffer(inner.newNonce, 32);
			const sn = toSignedLittleBuffer(inner.serverNonce, 16);
			const b = Buffer.alloc(8);
			for (let i = 0; i < 8; i++) b[i] = nn[i] ^ sn[i];
			salt = b.readBigInt64LE(0);
		}
		return req;
	};
	await handshakeAndUse('full', false, capture, () => salt);
	expect(salt).not.toBe(0n);
});
