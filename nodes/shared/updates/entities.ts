// Users and chats the engine has seen (in pushes, differences, history), so a short form's sender
// or a channel's access hash is known without asking; plus which chat a recent message was in,
// because Telegram's deletions in private chats and basic groups do not say.
import { chatIdOf, type Tl } from '../transport/serialize';

/** Bounds both maps: the oldest entries go first. */
const MAX_ENTITIES = 20_000;
const MAX_MESSAGES = 20_000;

function bounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
	map.delete(key);
	map.set(key, value);
	if (map.size > max) map.delete(map.keys().next().value as K);
}

export class EntityStore {
	private readonly byId = new Map<string, Tl>();
	private readonly chatOfMessage = new Map<number, string>();

	/** Keeps users and chats (a `min` user never replaces a full one: it has no access hash). */
	add(entities: Tl[]): void {
		for (const entity of entities) {
			const id = chatIdOf(entity);
			if (!id) continue;
			const known = this.byId.get(id);
			if (known && entity.min && !known.min) continue;
			bounded(this.byId, id, entity, MAX_ENTITIES);
		}
	}

	get(chatId: string): Tl | undefined {
		return this.byId.get(chatId);
	}

	has(chatId: string): boolean {
		return this.byId.has(chatId);
	}

	/** Remembers the chat of a message of the account's box (not channels: ids are per channel). */
	noteMessage(id: number, chatId: string): void {
		bounded(this.chatOfMessage, id, chatId, MAX_MESSAGES);
	}

	chatOf(id: number): string | undefined {
		return this.chatOfMessage.get(id);
	}
}
