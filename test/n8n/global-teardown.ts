// Removes what global-setup packed for this run (the installed copy stays: it is a cache keyed by
// content and pruned after a day).
import { discardTarball } from './package';

export default async function globalTeardown(): Promise<void> {
	const tarball = process.env.N8N_E2E_PACKAGE_TGZ;
	if (tarball && process.env.N8N_E2E_PACKED_BY_SETUP === '1') await discardTarball(tarball);
}
