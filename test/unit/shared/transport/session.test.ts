import { isTelegramAddress, worldOf } from '../../../../nodes/shared/transport/session';

describe('the world of an address', () => {
	it.each([
		['149.154.167.51', 'production'],
		['149.154.175.53', 'production'],
		['91.108.56.130', 'production'],
		['2001:b28:f23d:f001::a', 'production'],
		['2001:67c:4e8:f004::a', 'production'],
		['149.154.167.40', 'test'],
		['149.154.175.10', 'test'],
		['2001:b28:f23d:f001::e', 'test'],
		['2001:0b28:f23d:f001:0000:0000:0000:000e', 'test'],
		['127.0.0.1', 'custom'],
		['127.0.0.2', 'custom'],
		['::1', 'custom'],
		['10.0.0.5', 'custom'],
		['relay.example.com', 'custom'],
		['149.154.176.1', 'custom'],
	])('%s is %s', (address, world) => {
		expect(worldOf(address)).toBe(world);
		expect(isTelegramAddress(address)).toBe(world !== 'custom');
	});
});
