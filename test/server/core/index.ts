// Entry point of the loopback server's MTProto core (see types.ts for the contract).
export * from './types';
export { createMtprotoServer, type MtprotoServerExtraOptions } from './server';
export {
	MemoryAuthKeyStore,
	makeAuthKeyRecord,
	makeStringSession,
	newAuthKey,
	normaliseKey,
} from './keys';
export { authKeyIdOf } from './crypto';
export { loadRsaKey, type ServerRsaKey } from './rsa';
export {
	TEST_RSA_FINGERPRINT,
	TEST_RSA_PRIVATE_KEY_PEM,
	TEST_RSA_PUBLIC_KEY_PEM,
} from './rsa-test-key';
