import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { parseCredential, type TelegramCredential } from '../../nodes/shared/transport/credential';
import { API_HASH, API_ID, type StubWorld } from './stubWorld';

/** Credential data as n8n stores it, pointing at the stub world's server. */
export function credentialData(
	world: StubWorld,
	overrides: Partial<Record<string, unknown>> = {},
	options: Record<string, unknown> = {},
): ICredentialDataDecryptedObject {
	return {
		apiId: API_ID,
		apiHash: API_HASH,
		session: '',
		...overrides,
		options: {
			server: 'custom',
			customHost: world.dc.host,
			customPort: world.dc.port,
			customDcId: world.dc.id,
			customRsaPublicKey: world.server.rsaPublicKeyPem,
			requestTimeout: 3,
			floodSleepThreshold: 5,
			...options,
		},
	} as ICredentialDataDecryptedObject;
}

export function credential(world: StubWorld, overrides = {}, options = {}): TelegramCredential {
	return parseCredential(credentialData(world, overrides, options));
}
