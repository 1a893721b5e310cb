import { describe, expect, it } from 'vitest';
import { clientAddress, ipMatchesAny, parseCidr, parseIp } from './ip.js';

describe('ipMatchesAny', () => {
  // given an address and a list; want whether the list allows it
  const table: Array<[string, string[], boolean]> = [
    ['203.0.113.7', ['203.0.113.7'], true],
    ['203.0.113.8', ['203.0.113.7'], false],
    ['203.0.113.7', ['203.0.113.0/24'], true],
    ['203.0.114.7', ['203.0.113.0/24'], false],
    ['198.51.100.200', ['198.51.100.128/25'], true],
    ['198.51.100.100', ['198.51.100.128/25'], false],
    ['10.1.2.3', ['0.0.0.0/0'], true],
    ['::ffff:203.0.113.7', ['203.0.113.0/24'], true],
    ['::ffff:203.0.113.7', ['203.0.113.7'], true],
    ['203.0.113.7', ['::ffff:203.0.113.0/120'], true],
    ['2001:db8::1', ['2001:db8::/32'], true],
    ['2001:db9::1', ['2001:db8::/32'], false],
    ['2001:db8:4a::17', ['2001:db8:4a::/48'], true],
    ['2001:db8:4b::17', ['2001:db8:4a::/48'], false],
    ['::1', ['::1'], true],
    ['::1', ['127.0.0.1'], false],
    ['127.0.0.1', ['::1'], false],
    ['fe80::1%eth0', ['fe80::/10'], true],
    ['203.0.113.7', [], false],
    ['203.0.113.7', ['not-an-ip', '10.0.0.0/33'], false],
    ['garbage', ['0.0.0.0/0'], false],
  ];
  it.each(table)('%s in %j → %s', (ip, list, want) => expect(ipMatchesAny(ip, list)).toBe(want));
});

describe('parseCidr / parseIp', () => {
  it.each([
    ['10.0.0.0/33', false],
    ['10.0.0.0/-1', false],
    ['2001:db8::/129', false],
    ['1.2.3', false],
    ['1.2.3.4/32', true],
    ['::/0', true],
  ])('%s valid=%s', (text, valid) => expect(parseCidr(text) !== null).toBe(valid));

  it('parses an embedded IPv4 tail', () => {
    expect([...parseIp('64:ff9b::192.0.2.33')!.slice(12)]).toEqual([192, 0, 2, 33]);
  });
});

describe('clientAddress', () => {
  // given socket peer, X-Forwarded-For, trusted proxies; want the address the allowlist sees
  const table: Array<[string, string | undefined, string[], string]> = [
    ['203.0.113.7', '198.51.100.1', [], '203.0.113.7'], // spoofed header, no trusted proxies
    ['203.0.113.7', '198.51.100.1', ['10.0.0.0/8'], '203.0.113.7'], // peer is not a trusted proxy
    ['10.0.0.2', '198.51.100.1', ['10.0.0.0/8'], '198.51.100.1'],
    ['10.0.0.2', '6.6.6.6, 198.51.100.1', ['10.0.0.0/8'], '198.51.100.1'], // client-prepended entry ignored
    ['10.0.0.2', '198.51.100.1, 10.0.0.9', ['10.0.0.0/8'], '198.51.100.1'], // two proxy hops
    ['10.0.0.2', 'junk', ['10.0.0.0/8'], '10.0.0.2'],
    ['10.0.0.2', undefined, ['10.0.0.0/8'], '10.0.0.2'],
    ['::ffff:10.0.0.2', '2001:db8::5', ['10.0.0.0/8'], '2001:db8::5'],
    ['::ffff:127.0.0.1', undefined, [], '127.0.0.1'],
  ];
  it.each(table)('peer %s, XFF %s, trusted %j → %s', (peer, xff, trusted, want) => expect(clientAddress(peer, xff, trusted)).toBe(want));
});
