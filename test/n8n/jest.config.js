/** @type {import('jest').Config} */
// Tests that drive a real n8n process (slow: each file starts its own n8n). `npm test` runs them
// with the fast suite as one jest run (`--projects jest.config.js test/n8n/jest.config.js`);
// `npm run test:n8n` runs them alone.
module.exports = {
	displayName: 'n8n',
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/n8n'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	// Installs n8n into the cache if missing, builds and packs this package once for all files.
	globalSetup: '<rootDir>/test/n8n/global-setup.ts',
	globalTeardown: '<rootDir>/test/n8n/global-teardown.ts',
	// Hooks and tests in these files carry their own (long) deadlines.
	testTimeout: 120_000,
	// The secret scan (test/helpers/secretScan.ts) over n8n logs, CLI outputs and in-process runs.
	setupFilesAfterEnv: ['<rootDir>/test/helpers/secretScan.setup.ts'],
};
