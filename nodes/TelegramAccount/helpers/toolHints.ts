// What a model is told about the fields it fills. In n8n 2.41 a tool's parameter reaches the model
// only as the description argument of its $fromAI(key, description, type) call (the editor's
// "let the model define this" button leaves it empty), so these are the words to put there.
// examples/ai-assistant.json uses them; docs/decisions/0009-ai-tool-use.md says why.

/** Model-facing descriptions, by the $fromAI key a workflow gives them. */
export const TOOL_HINTS = {
	chat: 'The Telegram chat: an @username, a numeric chat ID (as the Bot API writes it, -100… for channels and supergroups), a t.me link, or "me" for Saved Messages.',
	text: "The message to send, as plain text. It is sent as is, under the account owner's name.",
	limit:
		'How many of the latest messages to read, newest first: 1 to 50. Ask for few (10 is usually enough).',
} as const;
