/** @type {import('jest').Config} */
module.exports = {
	displayName: 'fast',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// Tests that drive a real n8n process have their own project (test/n8n/jest.config.js).
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/n8n/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	// Every test that talks runs against the loopback server; a stuck socket must fail, not hang CI.
	testTimeout: 60_000,
	maxWorkers: 2,
	// In a log or a pipe jest is silent while a slow file runs: a line every 20 s says what runs.
	reporters: ['default', '<rootDir>/test/helpers/progress-reporter.cjs'],
	// The secret scan: every log line, node output and error is checked for the secrets in play.
	setupFilesAfterEnv: ['<rootDir>/test/helpers/secretScan.setup.ts'],
};
