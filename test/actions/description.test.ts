import { NodeHelpers, type INodeProperties } from 'n8n-workflow';

import * as account from '../../nodes/TelegramAccount/actions/account';
import * as chat from '../../nodes/TelegramAccount/actions/chat';
import * as media from '../../nodes/TelegramAccount/actions/media';
import * as message from '../../nodes/TelegramAccount/actions/message';
import { TelegramAccount } from '../../nodes/TelegramAccount/TelegramAccount.node';

const resources = { account, chat, media, message };
const node = new TelegramAccount();

describe('Telegram Account node description', () => {
	it.each(Object.entries(resources))(
		'%s: every operation in the dropdown has a handler, an action and a description',
		(name, resource) => {
			const dropdown = resource.description.find((p) => p.name === 'operation') as INodeProperties;
			const values = (
				dropdown.options as Array<{ value: string; action?: string; description?: string }>
			).map((o) => {
				expect(o.action).toBeTruthy();
				expect((o.description ?? '').length).toBeGreaterThan(15);
				return o.value;
			});
			expect(values.sort()).toEqual(Object.keys(resource.operations).sort());
			const listed = (
				node.description.properties.find((p) => p.name === 'resource')!.options as Array<{
					value: string;
				}>
			).map((o) => o.value);
			expect(listed).toContain(name);
		},
	);

	it('computes the default parameters of every operation (chat defaults to the input item)', () => {
		let withChat = 0;
		for (const [resource, r] of Object.entries(resources)) {
			for (const operation of Object.keys(r.operations)) {
				const params = NodeHelpers.getNodeParameters(
					node.description.properties,
					{ resource, operation },
					true,
					false,
					null,
					node.description,
				);
				expect(params).toMatchObject({ resource, operation });
				if (!params?.chatId) continue;
				withChat++;
				expect(params.chatId).toMatchObject({ mode: 'id', value: '={{ $json.chatId }}' });
			}
		}
		// Every message, media and chat operation but Get Many / Join / Forward (From / To Chat).
		expect(withChat).toBe(11);
	});

	it('is usable as an AI tool and offers the dialog search', () => {
		expect(node.description.usableAsTool).toBe(true);
		expect(typeof node.methods.listSearch.searchDialogs).toBe('function');
	});
});
