import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

// The app credential (api_id / api_hash + how to reach Telegram) is shared by the login node and,
// with a session added, by the account credential: one list, two credential types.
export const telegramAppIdProperties: INodeProperties[] = [
	{
		displayName: 'API ID',
		name: 'apiId',
		type: 'number',
		default: 0,
		required: true,
		description: 'The api_id of your Telegram application, from https://my.telegram.org/apps',
	},
	{
		displayName: 'API Hash',
		name: 'apiHash',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: 'The api_hash of your Telegram application, from https://my.telegram.org/apps',
	},
];

const customServer = { show: { server: ['custom'] } };
const proxyOn = { show: { proxyType: ['socks5', 'socks4', 'mtproxy'] } };
const socksProxy = { show: { proxyType: ['socks5', 'socks4'] } };

export const telegramAppOptionProperties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'App Version',
				name: 'appVersion',
				type: 'string',
				default: '5.6.3 x64',
				description:
					'Sent to Telegram when connecting and shown in Settings → Devices. The default looks like Telegram Desktop, so the session blends in with normal clients.',
			},
			{
				displayName: 'Custom DC ID',
				name: 'customDcId',
				type: 'number',
				default: 2,
				displayOptions: customServer,
				description: 'Data centre a new login starts on, when the server is custom',
			},
			{
				displayName: 'Custom Host',
				name: 'customHost',
				type: 'string',
				default: '127.0.0.1',
				displayOptions: customServer,
				description: 'Host name or IP address of the custom MTProto server',
			},
			{
				displayName: 'Custom Port',
				name: 'customPort',
				type: 'number',
				default: 443,
				displayOptions: customServer,
				description:
					'TCP port of the custom server (at most 32767, the limit of the session format)',
			},
			{
				displayName: 'Custom RSA Public Key',
				name: 'customRsaPublicKey',
				type: 'string',
				typeOptions: { rows: 6 },
				default: '',
				displayOptions: customServer,
				placeholder: '-----BEGIN RSA PUBLIC KEY-----',
				description:
					'PEM public key of the custom server, used to check its identity during the first key exchange',
			},
			{
				displayName: 'Device Model',
				name: 'deviceModel',
				type: 'string',
				default: 'Desktop',
				description:
					'Device name sent to Telegram (shown in Settings → Devices). Telegram Desktop sends "Desktop"; an unusual name draws attention to an automated account.',
			},
			{
				displayName: 'Flood Wait Threshold (Seconds)',
				name: 'floodSleepThreshold',
				type: 'number',
				default: 60,
				description:
					'When Telegram asks to wait (FLOOD_WAIT) at most this long, the node waits and retries; a longer wait fails with the number of seconds',
			},
			{
				displayName: 'Language Code',
				name: 'langCode',
				type: 'string',
				default: 'en',
				description: 'Language of the client (ISO 639-1), used by Telegram for service messages',
			},
			{
				displayName: 'Login Secret',
				name: 'loginSecret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description:
					'Any long random text. The Login node seals a login in progress with it, so a login can go on in another n8n process (queue mode) or after a restart. Empty: a login must finish in the process that started it.',
			},
			{
				displayName: 'Proxy Host',
				name: 'proxyHost',
				type: 'string',
				default: '',
				displayOptions: proxyOn,
			},
			{
				displayName: 'Proxy Password',
				name: 'proxyPassword',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				displayOptions: socksProxy,
			},
			{
				displayName: 'Proxy Port',
				name: 'proxyPort',
				type: 'number',
				default: 1080,
				displayOptions: proxyOn,
			},
			{
				displayName: 'Proxy Secret',
				name: 'proxySecret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				displayOptions: { show: { proxyType: ['mtproxy'] } },
				description: 'The MTProxy secret (hex), as given in the proxy link',
			},
			{
				displayName: 'Proxy Type',
				name: 'proxyType',
				type: 'options',
				default: 'none',
				options: [
					{ name: 'None', value: 'none' },
					{ name: 'SOCKS5', value: 'socks5' },
					{ name: 'SOCKS4', value: 'socks4' },
					{ name: 'MTProxy', value: 'mtproxy' },
				],
			},
			{
				displayName: 'Proxy Username',
				name: 'proxyUsername',
				type: 'string',
				default: '',
				displayOptions: socksProxy,
			},
			{
				displayName: 'Request Timeout (Seconds)',
				name: 'requestTimeout',
				type: 'number',
				default: 30,
				description:
					'Deadline for connecting and for every request; a request without an answer by then fails instead of hanging the workflow',
			},
			{
				displayName: 'Server',
				name: 'server',
				type: 'options',
				default: 'production',
				options: [
					{ name: 'Telegram', value: 'production', description: 'The real Telegram network' },
					{
						name: 'Telegram Test Servers',
						value: 'test',
						description: 'Telegram test DCs; they need an account created on the test network',
					},
					{
						name: 'Custom',
						value: 'custom',
						description: 'Any MTProto server at a host and port, with its own RSA key',
					},
				],
			},
			{
				displayName: 'System Language Code',
				name: 'systemLangCode',
				type: 'string',
				default: 'en-US',
				description: 'Language of the operating system, as a desktop client reports it',
			},
			{
				displayName: 'System Version',
				name: 'systemVersion',
				type: 'string',
				default: 'Windows 10',
				description:
					'Operating system sent to Telegram (shown in Settings → Devices), matching the default device model',
			},
		],
	},
];

export class TelegramAppApi implements ICredentialType {
	name = 'telegramAppApi';

	displayName = 'Telegram App API';

	icon: Icon = { light: 'file:telegramAccount.svg', dark: 'file:telegramAccount.dark.svg' };

	documentationUrl = 'https://core.telegram.org/api/obtaining_api_id';

	properties: INodeProperties[] = [...telegramAppIdProperties, ...telegramAppOptionProperties];
}
