// Makes this process's connections to the loopback Telegram server come from its own loopback
// address (127.0.0.x), so the server sees each n8n process as a separate place, as Telegram sees
// processes on separate hosts. Preloaded with --require (env QUEUE_PLACE_ADDRESS and
// QUEUE_PLACE_PORTS, comma-separated), or used in process through bindPlace().
'use strict';
const net = require('node:net');

const original = net.Socket.prototype.connect;
let rule;

function normalize(args) {
	const [first, second, third] = args;
	if (first !== null && typeof first === 'object') return [{ ...first }, second];
	if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
		if (typeof second === 'string') return [{ port: Number(first), host: second }, third];
		return [{ port: Number(first) }, second];
	}
	return undefined; // a Unix socket path: never rebound
}

net.Socket.prototype.connect = function connect(...args) {
	const normalized = rule && normalize(args);
	if (normalized) {
		const [options, callback] = normalized;
		const local = rule(Number(options.port), options.host ?? 'localhost');
		if (local && !options.localAddress) {
			options.localAddress = local;
			return original.call(this, options, callback);
		}
	}
	return original.apply(this, args);
};

/** From now on, connections to `ports` on 127.x come from `address`; returns the undo. */
function bindPlace(address, ports) {
	const wanted = new Set(ports.map(Number));
	const previous = rule;
	rule = (port, host) => (wanted.has(port) && /^127\./.test(host) ? address : undefined);
	return () => {
		rule = previous;
	};
}

if (process.env.QUEUE_PLACE_ADDRESS && process.env.QUEUE_PLACE_PORTS) {
	bindPlace(process.env.QUEUE_PLACE_ADDRESS, process.env.QUEUE_PLACE_PORTS.split(','));
}

module.exports = { bindPlace };
