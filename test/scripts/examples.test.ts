// The dev wiring of the examples (scripts/examples.ts): every placeholder a user would edit is
// filled from the demo world, and nothing else is touched.
import * as path from 'node:path';

import {
	demoWiring,
	readExamples,
	WORK_GROUP_PLACEHOLDER,
	wireExample,
	type DemoExampleInput,
} from '../../scripts/examples';

const demo: DemoExampleInput = {
	mediaMessage: { chat: '@alice_demo', messageId: 21 },
	collection: { channels: ['@demo_channel', '@demo_news'] },
	supportInbox: {
		workGroup: { channelId: 300004, chatId: '-100300004', title: 'Demo support team' },
		teammate: { userId: 7, username: 'dana_demo' },
		customer: { userId: 5, username: 'alice_demo' },
		accountId: 4,
	},
};
const credentials = {
	telegramAccountApi: { id: 'c1', name: 'Telegram demo account' },
	telegramAppApi: { id: 'c2', name: 'Telegram demo app' },
	openAiApi: { id: 'c3', name: 'Demo chat model (local stub)' },
};
const examples = readExamples(path.join(__dirname, '../../examples'));
const wired = (file: string) => {
	const example = examples.find((e) => e.file === file);
	if (!example) throw new Error(`examples/${file} is missing`);
	const { values, placeholders } = demoWiring(demo);
	return wireExample(example, credentials, values, placeholders);
};
const node = (workflow: ReturnType<typeof wired>, name: string) => {
	const found = workflow.nodes.find((n) => n.name === name);
	if (!found) throw new Error(`no node ${name}`);
	return found;
};

test('no example keeps a placeholder or an empty credential after the demo wiring', () => {
	for (const { file } of examples) {
		const text = JSON.stringify(wired(file));
		expect({ file, placeholders: text.match(/@your_\w+|-1001234567890/g) }).toEqual({
			file,
			placeholders: null,
		});
		expect({ file, emptyCredential: text.includes('"id":""') }).toEqual({
			file,
			emptyCredential: false,
		});
	}
});

test('a Set node expression with a wired name is left alone; its literal twin is filled', () => {
	const collection = wired('channel-collection.json');
	const settings = JSON.stringify(node(collection, 'Settings').parameters);
	expect(settings).toContain('"value":"@demo_channel, @demo_news"');
	// To Row computes chatId from each post: the demo's chatId value must not replace it.
	expect(JSON.stringify(node(collection, 'To Row').parameters)).toContain(
		'"name":"chatId","value":"={{ $json.chatId }}"',
	);
});

test('the support inbox reaches the work group in both places that name it', () => {
	const inbox = wired('support-inbox.json');
	const group = demo.supportInbox.workGroup.chatId;
	expect(node(inbox, 'Copy to Team').parameters.chatId).toMatchObject({ value: group });
	expect(node(inbox, 'Team Replies').parameters.filters).toEqual({
		onlyChats: { values: [{ chat: { __rl: true, mode: 'id', value: group } }] },
	});
	// The unwired file still holds the placeholder a user replaces.
	expect(JSON.stringify(examples.find((e) => e.file === 'support-inbox.json'))).toContain(
		WORK_GROUP_PLACEHOLDER,
	);
});
