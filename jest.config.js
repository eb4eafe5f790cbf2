/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	// Every test that talks runs against the loopback server; a stuck socket must fail, not hang CI.
	testTimeout: 60_000,
	maxWorkers: 2,
};
