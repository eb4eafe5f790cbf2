/** @type {import('jest').Config} */
// n8n in queue mode (a main, two workers, PostgreSQL, Redis) and the fault soak: run through
// scripts/queue.sh (`npm run test:queue`), which starts and stops PostgreSQL and Redis. Files end in
// .queue.ts so the fast suite (`*.test.ts` under test/) never picks them up.
module.exports = {
	displayName: 'queue',
	rootDir: '../..',
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/n8n/global-setup.ts',
	globalTeardown: '<rootDir>/test/n8n/global-teardown.ts',
	testTimeout: 300_000,
	// A line every 20 s names the files still running (jest is silent in a log otherwise).
	reporters: ['default', '<rootDir>/test/helpers/progress-reporter.cjs'],
};
