// What the engine needs from the connection, as plain TL objects: the transport implements it in
// client.ts (the one module that loads GramJS); unit tests implement it with a scripted fake.
import type { Tl } from '../transport/serialize';

export type ConnectionState = 'connected' | 'disconnected' | 'broken';

export interface DifferenceFrom {
	pts: number;
	qts: number;
	date: number;
}

export interface UpdateFeed {
	/**
	 * Every Updates object the main connection receives (all shapes, before GramJS splits them)
	 * and every connection-state change. Returns the function that removes both handlers.
	 */
	listen(onUpdates: (updates: Tl) => void, onState: (state: ConnectionState) => void): () => void;
	/** True when the connection is gone for good (the library stopped reconnecting). */
	gaveUp(): boolean;
	/** The logged-in user (updates.getState's owner): outgoing short forms carry no sender. */
	getSelf(): Promise<Tl>;
	getState(): Promise<Tl>;
	getDifference(from: DifferenceFrom, ptsTotalLimit?: number): Promise<Tl>;
	/** `channel` is the Channel entity (its access hash makes the InputChannel). */
	getChannelDifference(channel: Tl, pts: number, limit: number): Promise<Tl>;
	/** messages.getDialogs (first page), for differenceTooLong. */
	getDialogs(limit: number): Promise<Tl>;
	/** messages.getHistory of a peer entity (User / Chat / Channel), newest first. */
	getHistory(peer: Tl, limit: number): Promise<Tl>;
	/** Builds a Message from plain fields (short forms), so consumers get the same class. */
	makeMessage(fields: Record<string, unknown>): Tl;
	/** A Peer object (PeerUser / PeerChat / PeerChannel) for a bare id. */
	makePeer(kind: 'user' | 'chat' | 'channel', id: string): Tl;
}
