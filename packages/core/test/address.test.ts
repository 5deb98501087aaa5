import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAddress, type ParsedAddress } from '../src/events/index.js';

const cases: Array<[input: string, expected: Omit<ParsedAddress, 'address'>, why: string]> = [
  ['104.131.138.173:52330', { host: '104.131.138.173', ip: '104.131.138.173', port: 52330, issue: null }, 'IPv4 with port'],
  ['[::1]:3022', { host: '::1', ip: '::1', port: 3022, issue: null }, 'bracketed IPv6 loopback'],
  [
    '[2001:db8:face:face:face:face:face:face]:65123',
    { host: '2001:db8:face:face:face:face:face:face', ip: '2001:db8:face:face:face:face:face:face', port: 65123, issue: null },
    'bracketed full IPv6',
  ],
  [
    '[2001:db8:feed:face:c0ff:eeb0:baf00:00d]:65123',
    { host: '2001:db8:feed:face:c0ff:eeb0:baf00:00d', ip: null, port: 65123, issue: 'invalid_ip' },
    'five-hex-digit IPv6 group (Postgres inet rejects it)',
  ],
  ['192.000.0.000:3022', { host: '192.000.0.000', ip: null, port: 3022, issue: 'invalid_ip' }, 'leading-zero octets (inet would read 192.0.0.0)'],
  [
    'ec2-54-162-177-255.compute-1.amazonaws.com:3389',
    { host: 'ec2-54-162-177-255.compute-1.amazonaws.com', ip: null, port: 3389, issue: null },
    'host name on a desktop event',
  ],
  ['localhost:3025', { host: 'localhost', ip: null, port: 3025, issue: null }, 'localhost on port forwarding'],
  ['192.0.2.1', { host: '192.0.2.1', ip: '192.0.2.1', port: null, issue: null }, 'bare IPv4 like identity.client_ip'],
  ['2001:db8::1', { host: '2001:db8::1', ip: '2001:db8::1', port: null, issue: null }, 'bare IPv6 is never split'],
  ['2001:db8::1:3022', { host: '2001:db8::1:3022', ip: '2001:db8::1:3022', port: null, issue: null }, 'no guessing which group is a port'],
  ['[::1]', { host: '::1', ip: '::1', port: null, issue: null }, 'bracketed without port'],
  ['[fe80::1%eth0]:22', { host: 'fe80::1%eth0', ip: null, port: 22, issue: 'invalid_ip' }, 'zone ids do not fit inet'],
  ['1.2.3.4:65536', { host: null, ip: null, port: null, issue: 'unparsed' }, 'port out of range'],
  ['1.2.3.4:', { host: null, ip: null, port: null, issue: 'unparsed' }, 'empty port'],
  [':3022', { host: null, ip: null, port: null, issue: 'unparsed' }, 'empty host'],
  ['host:port', { host: null, ip: null, port: null, issue: 'unparsed' }, 'non-numeric port'],
  ['[::1]:3022:1', { host: null, ip: null, port: null, issue: 'unparsed' }, 'text after the bracketed port'],
  ['not an address', { host: null, ip: null, port: null, issue: 'unparsed' }, 'spaces'],
  ['a:b:c', { host: 'a:b:c', ip: null, port: null, issue: 'invalid_ip' }, 'two colons without brackets can only be an IPv6 literal'],
];

for (const [input, expected, why] of cases) {
  test(`address ${JSON.stringify(input)}: ${why}`, () => {
    assert.deepEqual(parseAddress(input), { address: input, ...expected });
  });
}

test('an absent or empty address is all null without an issue', () => {
  for (const input of [undefined, null, '']) {
    assert.deepEqual(parseAddress(input), { address: null, host: null, ip: null, port: null, issue: null });
  }
});

test('a non-string address is unparsed and nothing is invented', () => {
  assert.deepEqual(parseAddress(3022), { address: null, host: null, ip: null, port: null, issue: 'unparsed' });
  assert.deepEqual(parseAddress({ ip: '1.2.3.4' }), { address: null, host: null, ip: null, port: null, issue: 'unparsed' });
});
