// Helpers for the update-honesty tests: a direct world with Alice and Bob, and pushed objects
// read back as GramJS reads them.
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions';
import { MemoryAuthKeyStore } from '../core/index';
import type { MtprotoServer, TLObject } from '../core/types';
import { Control } from '../control/control';
import { directWorld } from './direct';

export const read = (o: TLObject) =>
	new BinaryReader(o.getBytes()).tgReadObject() as Api.TypeUpdates;

/** Class names of what a session was pushed (short forms and Updates alike). */
export const kinds = (pushed: TLObject[]) => pushed.map((o) => read(o).className);

/** The pts of each pts-carrying update pushed, in arrival order. */
export function ptsOf(pushed: TLObject[]): number[] {
	const out: number[] = [];
	for (const o of pushed.map(read)) {
		const list =
			o instanceof Api.Updates || o instanceof Api.UpdatesCombined
				? o.updates
				: o instanceof Api.UpdateShort
					? [o.update]
					: [o];
		for (const u of list) if ('pts' in u && typeof u.pts === 'number') out.push(u.pts);
	}
	return out;
}

export function aliceAndBob() {
	const d = directWorld();
	const control = new Control(d.w, {} as MtprotoServer, new MemoryAuthKeyStore());
	const alice = d.w.addUser({ firstName: 'Alice' }).id;
	const bob = d.w.addUser({ firstName: 'Bob', username: 'bob_shapes' }).id;
	const inputBob = new Api.InputPeerUser({
		userId: bigInt(bob),
		accessHash: bigInt(d.w.hashes.of(alice, 'user', bob)),
	});
	return { d, control, alice, bob, inputBob, a: d.session(alice) };
}

export async function stateOf(
	d: ReturnType<typeof directWorld>,
	s: Parameters<ReturnType<typeof directWorld>['call']>[0],
): Promise<Api.updates.State> {
	return d.call<Api.updates.State>(s, new Api.updates.GetState());
}
