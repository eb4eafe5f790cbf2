// Preloaded into a test or dev n8n (NODE_OPTIONS=--require): records every DNS lookup of a
// non-loopback name and every TCP connect to a non-loopback address, one JSON line each, in
// $LOOPBACK_GUARD_LOG. Tests assert the file stays empty: nothing may leave 127.0.0.1.
'use strict';

const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');

const logFile = process.env.LOOPBACK_GUARD_LOG;

if (logFile) {
	const loopbackNames = new Set(['localhost', 'ip6-localhost', 'ip6-loopback']);
	const isLoopback = (host) => {
		if (typeof host !== 'string' || host === '') return true; // default host is localhost
		const h = host.replace(/^\[|\]$/g, '').toLowerCase();
		if (loopbackNames.has(h) || h.endsWith('.localhost')) return true;
		if (net.isIPv4(h)) return h.startsWith('127.');
		if (net.isIPv6(h)) return h === '::1' || h.startsWith('::ffff:127.');
		return false;
	};
	const record = (kind, host, port) => {
		if (isLoopback(host)) return;
		const line = JSON.stringify({
			kind,
			host,
			port,
			pid: process.pid,
			at: new Date().toISOString(),
		});
		try {
			fs.appendFileSync(logFile, line + '\n');
		} catch {
			// The log is evidence, never a reason to break the process under test.
		}
	};

	const connect = net.Socket.prototype.connect;
	net.Socket.prototype.connect = function (...args) {
		const first = Array.isArray(args[0]) ? args[0][0] : args[0];
		if (first && typeof first === 'object') {
			if (!first.path) record('connect', first.host, first.port);
		} else if (typeof first === 'number' || /^\d+$/.test(String(first))) {
			record('connect', typeof args[1] === 'string' ? args[1] : undefined, Number(first));
		}
		return connect.apply(this, args);
	};

	const lookup = dns.lookup;
	dns.lookup = function (hostname, ...rest) {
		record('lookup', hostname);
		return lookup.call(this, hostname, ...rest);
	};
	const promisesLookup = dns.promises.lookup;
	dns.promises.lookup = function (hostname, ...rest) {
		record('lookup', hostname);
		return promisesLookup.call(this, hostname, ...rest);
	};
}
