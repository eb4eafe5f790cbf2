import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';

export default [
	// The n8n rules judge what ships (dist/ from nodes/ and credentials/). Tests, the loopback
	// server and the bench never ship and legitimately spawn processes and rethrow errors.
	globalIgnores(['test/**', 'bench/**', 'scripts/**', 'n8n-runtime/**', 'examples/**']),
	...configWithoutCloudSupport,
	{
		files: ['package.json'],
		rules: {
			// GramJS (`telegram`) and `qrcode` must ship with the package, so it cannot be Cloud-verified.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		files: ['credentials/TelegramAppApi.credentials.ts'],
		rules: {
			// Its test (telegramAppApiTest in nodes/shared/credentialTests.ts) is wired up by the
			// login node's testedBy; turn this back on when that node is in package.json.
			'@n8n/community-nodes/credential-test-required': 'off',
		},
	},
];
