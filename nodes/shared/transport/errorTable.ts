// Telegram's error texts as data (as Telethon's errors.csv does): one row per text or family.
// `X` in a pattern stands for the number Telegram appends (seconds, DC id…).

/** auth: the credential must change · rateLimit: wait · input: the node's parameters are wrong. */
export type ErrorKind = 'auth' | 'rateLimit' | 'input' | 'telegram';

export interface ErrorRow {
	pattern: string;
	kind: ErrorKind;
	message: string;
	description: string;
}

const RELOGIN =
	'Create a new session with the Telegram Account Login node and update the credential.';

export const ERROR_TABLE: ErrorRow[] = [
	// Rate limits
	{
		pattern: 'FLOOD_WAIT_X',
		kind: 'rateLimit',
		message: 'Telegram asks to wait {X} seconds (FLOOD_WAIT)',
		description:
			"Too many requests of this kind. Run the workflow later, slow it down, or raise the credential's Flood Wait Threshold to let the node wait.",
	},
	{
		pattern: 'FLOOD_PREMIUM_WAIT_X',
		kind: 'rateLimit',
		message: 'Telegram asks to wait {X} seconds (FLOOD_PREMIUM_WAIT)',
		description: 'Too many requests of this kind. Run the workflow later or slow it down.',
	},
	{
		pattern: 'SLOWMODE_WAIT_X',
		kind: 'rateLimit',
		message: 'Slow mode: wait {X} seconds before sending to this chat again',
		description: 'The chat has slow mode on. Space out the messages to this chat.',
	},
	{
		pattern: 'FLOOD_TEST_PHONE_WAIT_X',
		kind: 'rateLimit',
		message: 'Test servers ask to wait {X} seconds',
		description: 'Too many requests on the test network. Try again later.',
	},
	{
		pattern: 'PEER_FLOOD',
		kind: 'rateLimit',
		message: 'Telegram limits this account (PEER_FLOOD)',
		description:
			'The account sent too many messages to people who do not have it in their contacts. Stop sending for a while; check @SpamBot in Telegram.',
	},
	// Credential and session
	{
		pattern: 'API_ID_INVALID',
		kind: 'auth',
		message: 'Telegram rejected the API ID / API Hash pair',
		description: 'Copy both values again from https://my.telegram.org/apps into the credential.',
	},
	{
		pattern: 'API_ID_PUBLISHED_FLOOD',
		kind: 'auth',
		message: 'This API ID is published and blocked',
		description:
			'Create your own application at https://my.telegram.org/apps and use its API ID and hash.',
	},
	{
		pattern: 'AUTH_KEY_UNREGISTERED',
		kind: 'auth',
		message: 'The session is not logged in (AUTH_KEY_UNREGISTERED)',
		description: `The session was logged out or never completed. ${RELOGIN}`,
	},
	{
		pattern: 'AUTH_KEY_INVALID',
		kind: 'auth',
		message: 'The session key is invalid (AUTH_KEY_INVALID)',
		description: RELOGIN,
	},
	{
		pattern: 'AUTH_KEY_DUPLICATED',
		kind: 'auth',
		message: 'The same session is used from two places at once (AUTH_KEY_DUPLICATED)',
		description: `Telegram invalidated the session. Never use one session in two apps or n8n instances. ${RELOGIN}`,
	},
	{
		pattern: 'AUTH_KEY_PERM_EMPTY',
		kind: 'auth',
		message: 'The session has no permanent key (AUTH_KEY_PERM_EMPTY)',
		description: RELOGIN,
	},
	{
		pattern: 'SESSION_REVOKED',
		kind: 'auth',
		message: 'The session was revoked (SESSION_REVOKED)',
		description: `It was terminated from another device (Settings → Devices) or logged out. ${RELOGIN}`,
	},
	{
		pattern: 'SESSION_EXPIRED',
		kind: 'auth',
		message: 'The session expired (SESSION_EXPIRED)',
		description: RELOGIN,
	},
	{
		pattern: 'SESSION_PASSWORD_NEEDED',
		kind: 'auth',
		message: 'The account has two-step verification on: a password is needed',
		description: 'Give the 2FA password in the login node (Sign In or Check Password).',
	},
	{
		pattern: 'USER_DEACTIVATED',
		kind: 'auth',
		message: 'The account was deleted or deactivated',
		description: 'This Telegram account cannot be used any more.',
	},
	{
		pattern: 'USER_DEACTIVATED_BAN',
		kind: 'auth',
		message: 'The account was banned by Telegram',
		description:
			'Contact recover@telegram.org or @SpamBot; automated bulk actions are a common cause.',
	},
	{
		pattern: 'PASSWORD_HASH_INVALID',
		kind: 'input',
		message: 'The 2FA password is wrong',
		description: 'Check the password and try again; the login can continue without starting over.',
	},
	// Login
	{
		pattern: 'PHONE_NUMBER_INVALID',
		kind: 'input',
		message: 'The phone number is invalid',
		description: 'Give it in international format with the country code, e.g. +14155550123.',
	},
	{
		pattern: 'PHONE_NUMBER_BANNED',
		kind: 'auth',
		message: 'This phone number is banned from Telegram',
		description: 'Contact recover@telegram.org.',
	},
	{
		pattern: 'PHONE_NUMBER_UNOCCUPIED',
		kind: 'input',
		message: 'No Telegram account uses this phone number',
		description: 'Sign up with an official Telegram app first.',
	},
	{
		pattern: 'PHONE_NUMBER_FLOOD',
		kind: 'rateLimit',
		message: 'Too many login codes were asked for this number',
		description: 'Wait several hours before asking for a new code.',
	},
	{
		pattern: 'PHONE_CODE_INVALID',
		kind: 'input',
		message: 'The login code is wrong',
		description: 'Enter the code exactly as received; ask for a new one if needed.',
	},
	{
		pattern: 'SEND_CODE_UNAVAILABLE',
		kind: 'rateLimit',
		message: 'Telegram cannot send the code another way right now',
		description:
			'Wait a few minutes and try Resend Code again, or use the code Telegram already sent to the Telegram app on your other device.',
	},
	{
		pattern: 'AUTH_TOKEN_EXPIRED',
		kind: 'input',
		message: 'The QR login code expired',
		description: 'Start QR Login again and scan the new code within 30 seconds.',
	},
	{
		pattern: 'AUTH_TOKEN_INVALID',
		kind: 'input',
		message: 'The QR login code is not valid',
		description: 'Start QR Login again and scan the new code.',
	},
	{
		pattern: 'AUTH_TOKEN_ALREADY_ACCEPTED',
		kind: 'input',
		message: 'The QR login code was already used',
		description: 'Start QR Login again and scan the new code.',
	},
	{
		pattern: 'SRP_ID_INVALID',
		kind: 'input',
		message: 'The password check took too long',
		description: 'Run Check Password again with the same pendingSession.',
	},
	{
		pattern: 'PHONE_CODE_EXPIRED',
		kind: 'input',
		message: 'The login code expired',
		description: 'Request a new code and use it within a few minutes.',
	},
	{
		pattern: 'PHONE_CODE_EMPTY',
		kind: 'input',
		message: 'The login code is empty',
		description: 'Enter the code that Telegram sent.',
	},
	{
		pattern: 'PHONE_CODE_HASH_EMPTY',
		kind: 'input',
		message: 'The phone code hash is missing',
		description: 'Pass on the phoneCodeHash returned by Request Code.',
	},
	{
		pattern: 'PHONE_PASSWORD_FLOOD',
		kind: 'rateLimit',
		message: 'Too many password attempts',
		description: 'Wait before trying again.',
	},
	{
		pattern: 'PHONE_MIGRATE_X',
		kind: 'telegram',
		message: 'The phone number belongs to data centre {X}',
		description: 'Retry the login; the client moves to the right data centre.',
	},
	// Peers and chats
	{
		pattern: 'PEER_ID_INVALID',
		kind: 'input',
		message: 'Telegram does not know this chat or user for this account',
		description:
			'Use the @username or a t.me link, or open a chat with the peer first so the account has seen it.',
	},
	{
		pattern: 'CHAT_ID_INVALID',
		kind: 'input',
		message: 'The chat ID is invalid',
		description:
			'Check the chat ID: channels and supergroups start with -100, basic groups with -.',
	},
	{
		pattern: 'CHANNEL_INVALID',
		kind: 'input',
		message: 'The channel is invalid',
		description: 'Check the channel ID or username.',
	},
	{
		pattern: 'CHANNEL_PRIVATE',
		kind: 'input',
		message: 'The channel is private or the account was removed from it',
		description: 'Join the channel with this account, or use a channel the account is a member of.',
	},
	{
		pattern: 'USERNAME_INVALID',
		kind: 'input',
		message: 'The username is not valid',
		description: 'A username has 5–32 characters: letters, digits and underscores.',
	},
	{
		pattern: 'USERNAME_NOT_OCCUPIED',
		kind: 'input',
		message: 'No one uses this username',
		description: 'Check the spelling of the @username.',
	},
	{
		pattern: 'USERNAME_OCCUPIED',
		kind: 'input',
		message: 'The username is already taken',
		description: 'Choose another username.',
	},
	{
		pattern: 'USERNAME_NOT_MODIFIED',
		kind: 'input',
		message: 'The username is unchanged',
		description: 'Give a different username.',
	},
	{
		pattern: 'CHAT_WRITE_FORBIDDEN',
		kind: 'input',
		message: 'The account cannot write in this chat',
		description: 'Ask an admin for permission, or join the chat first.',
	},
	{
		pattern: 'CHAT_ADMIN_REQUIRED',
		kind: 'input',
		message: 'This needs admin rights in the chat',
		description: 'Use an account that is an admin of the chat with the right permissions.',
	},
	{
		pattern: 'USER_PRIVACY_RESTRICTED',
		kind: 'input',
		message: "The user's privacy settings do not allow this",
		description:
			'The user only accepts this from contacts; ask them to add you or to change their settings.',
	},
	{
		pattern: 'USER_IS_BLOCKED',
		kind: 'input',
		message: 'The user blocked this account',
		description: 'Nothing can be sent to this user.',
	},
	{
		pattern: 'USER_BANNED_IN_CHANNEL',
		kind: 'input',
		message: 'The account is banned from sending in this chat',
		description: "Ask the chat's admins, or check @SpamBot.",
	},
	{
		pattern: 'INVITE_HASH_EXPIRED',
		kind: 'input',
		message: 'The invite link expired',
		description: 'Ask for a new invite link.',
	},
	{
		pattern: 'INVITE_HASH_INVALID',
		kind: 'input',
		message: 'The invite link is invalid',
		description: 'Check the link.',
	},
	// Messages and media
	{
		pattern: 'MESSAGE_TOO_LONG',
		kind: 'input',
		message: 'The message is longer than Telegram allows (4096 characters)',
		description: 'Shorten the text or let the node split it.',
	},
	{
		pattern: 'MESSAGE_EMPTY',
		kind: 'input',
		message: 'The message is empty',
		description: 'Give a text to send.',
	},
	{
		pattern: 'MESSAGE_ID_INVALID',
		kind: 'input',
		message: 'The message ID is invalid',
		description: 'Check that the message exists in this chat.',
	},
	{
		pattern: 'MESSAGE_NOT_MODIFIED',
		kind: 'input',
		message: 'The message is unchanged',
		description: 'Give a different text or media.',
	},
	{
		pattern: 'MESSAGE_AUTHOR_REQUIRED',
		kind: 'input',
		message: 'Only the author can do this to the message',
		description: 'Edit only messages this account sent.',
	},
	{
		pattern: 'MESSAGE_DELETE_FORBIDDEN',
		kind: 'input',
		message: 'This message cannot be deleted',
		description: "Check the account's rights in the chat.",
	},
	{
		pattern: 'MEDIA_CAPTION_TOO_LONG',
		kind: 'input',
		message: 'The caption is too long',
		description: 'Captions are limited to 1024 characters (4096 with Premium).',
	},
	{
		pattern: 'MEDIA_EMPTY',
		kind: 'input',
		message: 'The media is empty or not supported',
		description: 'Check the binary data and the media type.',
	},
	{
		pattern: 'MEDIA_INVALID',
		kind: 'input',
		message: 'The media is invalid',
		description: 'Check the file and the media type.',
	},
	{
		pattern: 'MEDIA_*',
		kind: 'input',
		message: 'Telegram rejected the media ({TEXT})',
		description: 'Check the file, its size and the media type.',
	},
	{
		pattern: 'FILE_PARTS_INVALID',
		kind: 'input',
		message: 'The file is too large or split wrongly',
		description: 'Telegram accepts up to 2 GB (4 GB with Premium).',
	},
	{
		pattern: 'PHOTO_INVALID_DIMENSIONS',
		kind: 'input',
		message: 'The photo dimensions are invalid',
		description: 'Send it as a document instead.',
	},
	{
		pattern: 'SCHEDULE_DATE_TOO_LATE',
		kind: 'input',
		message: 'The schedule date is too far ahead',
		description: 'Schedule at most a year ahead.',
	},
	{
		pattern: 'SCHEDULE_DATE_INVALID',
		kind: 'input',
		message: 'The schedule date is invalid',
		description: 'Use a date in the future.',
	},
	// Telegram side
	{
		pattern: 'AUTH_RESTART',
		kind: 'telegram',
		message: 'Telegram asks to restart the login',
		description: 'Request a new code.',
	},
	{
		pattern: 'RPC_CALL_FAIL',
		kind: 'telegram',
		message: 'Telegram had an internal error',
		description: 'Try again in a moment.',
	},
	{
		pattern: 'TIMEOUT',
		kind: 'telegram',
		message: 'Telegram timed out on its side',
		description: 'Try again in a moment.',
	},
];

export interface ErrorMatch {
	row: ErrorRow;
	/** The number in place of X, if the pattern has one. */
	value?: number;
}

const exact = new Map(
	ERROR_TABLE.filter((r) => !/_X$|\*$/.test(r.pattern)).map((r) => [r.pattern, r]),
);
const numbered = ERROR_TABLE.filter((r) => r.pattern.endsWith('_X'));
const prefixed = ERROR_TABLE.filter((r) => r.pattern.endsWith('*'));

/** Finds the row for one of Telegram's error texts (e.g. 'FLOOD_WAIT_42'). */
export function findErrorRow(errorText: string): ErrorMatch | undefined {
	const row = exact.get(errorText);
	if (row) return { row };
	for (const r of numbered) {
		const prefix = r.pattern.slice(0, -1);
		const rest = errorText.startsWith(prefix) ? errorText.slice(prefix.length) : '';
		if (/^\d+$/.test(rest)) return { row: r, value: Number(rest) };
	}
	const family = prefixed.find((r) => errorText.startsWith(r.pattern.slice(0, -1)));
	return family ? { row: family } : undefined;
}
