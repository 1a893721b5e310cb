// checkTarget, given/want: URL shape, every refused address class as an IP literal (in the IPv4
// spellings `new URL` normalizes, and in IPv6 forms), DNS answers (one private address among
// public ones is enough to refuse), and what a development sandbox with allowLoopback admits.
import { describe, expect, it } from 'vitest';
import { checkTarget, forbiddenAddress, type HostLookup } from './target-guard.js';

const PUBLIC_V4 = '93.184.215.14';
const PUBLIC_V6 = '2606:2800:21f:cb07:6820:80da:af6b:8b2c';

/** A resolver from a fixed table; an unknown host is ENOTFOUND, like the system's. */
function dnsTable(table: Record<string, string[]>): HostLookup & { asked: string[] } {
  const asked: string[] = [];
  const lookup = async (host: string) => {
    asked.push(host);
    const answer = table[host];
    if (answer) return answer;
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  };
  return Object.assign(lookup, { asked });
}

const dns = dnsTable({
  'hooks.example.com': [PUBLIC_V4, PUBLIC_V6],
  'private.example.com': ['10.0.0.5'],
  'rebind.example.com': [PUBLIC_V4, '192.168.0.10'],
  'rebind6.example.com': [PUBLIC_V6, 'fe80::1%eth0'],
  'metadata.example.com': ['::ffff:169.254.169.254'],
  'loopback.example.com': ['127.0.0.1'],
  'empty.example.com': [],
  'garbage.example.com': ['not-an-address'],
  localhost: ['127.0.0.1', '::1'],
  'localhost.mixed': ['127.0.0.1', '10.0.0.1'],
});

type Want = 'ok' | RegExp;

const REFUSED_LITERALS: [string, RegExp][] = [
  ['https://127.0.0.1/', /^127\.0\.0\.1 is a loopback address/],
  ['https://127.1.2.3/', /loopback/],
  ['https://2130706433/', /^127\.0\.0\.1 is a loopback address/], // decimal
  ['https://0x7f.1/', /^127\.0\.0\.1 is a loopback address/], // hex, short form
  ['https://0177.0.0.1/', /^127\.0\.0\.1 is a loopback address/], // octal
  ['https://0x7f000001/', /^127\.0\.0\.1 is a loopback address/],
  ['https://10.1.2.3/', /private network/],
  ['https://167772161/', /^10\.0\.0\.1 is a private network address/], // 10.0.0.1 in decimal
  ['https://172.16.0.1/', /private network/],
  ['https://172.31.255.255/', /private network/],
  ['https://192.168.1.1/', /private network/],
  ['https://169.254.169.254/latest/meta-data/', /the cloud metadata service address/],
  ['https://0xa9fea9fe/', /the cloud metadata service address/], // 169.254.169.254 in hex
  ['https://169.254.1.1/', /link-local/],
  ['https://100.64.0.1/', /carrier-grade NAT/],
  ['https://100.127.255.254/', /carrier-grade NAT/],
  ['https://0.0.0.0/', /the unspecified address/],
  ['https://0/', /the unspecified address/],
  ['https://0.1.2.3/', /"this network"/],
  ['https://224.0.0.1/', /multicast/],
  ['https://239.255.255.250/', /multicast/],
  ['https://255.255.255.255/', /the broadcast address/],
  ['https://240.0.0.1/', /reserved/],
  ['https://[::1]/', /^::1 is a loopback address/],
  ['https://[0:0:0:0:0:0:0:1]/', /loopback/],
  ['https://[::]/', /the unspecified address/],
  ['https://[fc00::1]/', /private network/],
  ['https://[fd12:3456:789a::1]/', /private network/],
  ['https://[fe80::1]/', /link-local/],
  ['https://[febf:ffff::1]/', /link-local/],
  ['https://[ff02::1]/', /multicast/],
  ['https://[::ffff:127.0.0.1]/', /IPv4-mapped form of 127\.0\.0\.1, a loopback address/],
  ['https://[::ffff:7f00:1]/', /IPv4-mapped form of 127\.0\.0\.1/],
  ['https://[::ffff:a9fe:a9fe]/', /IPv4-mapped form of 169\.254\.169\.254, the cloud metadata/],
  ['https://[::ffff:10.0.0.1]/', /IPv4-mapped form of 10\.0\.0\.1, a private network address/],
  ['https://[::ffff:100.64.0.1]/', /carrier-grade NAT/],
  ['https://[::127.0.0.1]/', /IPv6 form of 127\.0\.0\.1, a loopback address/], // IPv4-compatible
  ['https://[64:ff9b::10.0.0.1]/', /IPv6 form of 10\.0\.0\.1, a private network address/], // NAT64
];

const ADMITTED_LITERALS = [
  'https://8.8.8.8/hooks',
  'https://172.32.0.1/', // just past 172.16/12
  'https://172.15.255.255/',
  'https://100.128.0.1/', // just past 100.64/10
  'https://192.169.0.1/',
  'https://169.253.255.255/',
  'https://223.255.255.255/',
  'https://[2606:4700:4700::1111]/',
  'https://[::ffff:8.8.8.8]/',
  'https://[64:ff9b::8.8.8.8]/',
  'https://[fbff::1]/', // just below fc00::/7
];

describe('checkTarget without loopback', () => {
  const opts = { allowLoopback: false, lookup: dns };
  const table: [string, Want][] = [
    ['not a url', /not an absolute URL/],
    ['/relative/path', /not an absolute URL/],
    ['hooks.example.com/x', /not an absolute URL/],
    ['http://hooks.example.com/x', /^The webhook URL must use https\.$/],
    ['ftp://hooks.example.com/x', /must use https/],
    ['http://127.0.0.1:8080/', /must use https/],
    ['https://user:hunter2@hooks.example.com/', /must not contain a user name or password/],
    ['https://user@hooks.example.com/', /must not contain a user name or password/],
    ['https://:pw@hooks.example.com/', /must not contain a user name or password/],
    [`https://hooks.example.com/${'a'.repeat(2048)}`, /at most 2048 characters/],
    ['https://hooks.example.com/parley?x=1', 'ok'],
    ['https://HOOKS.example.com:8443/parley', 'ok'],
    ['https://private.example.com/', /^The webhook host private\.example\.com resolves to 10\.0\.0\.5, a private network address; /],
    ['https://rebind.example.com/', /resolves to 192\.168\.0\.10, a private network address/],
    ['https://rebind6.example.com/', /resolves to fe80::1%eth0, a link-local address/],
    ['https://metadata.example.com/', /IPv4-mapped form of 169\.254\.169\.254, the cloud metadata service address/],
    ['https://loopback.example.com/', /resolves to 127\.0\.0\.1, a loopback address/],
    ['https://localhost/', /resolves to 127\.0\.0\.1, a loopback address/],
    ['https://nowhere.example.com/', /^The webhook host nowhere\.example\.com could not be resolved \(ENOTFOUND\)\.$/],
    ['https://empty.example.com/', /resolves to no address/],
    ['https://garbage.example.com/', /not a valid IP address/],
    ...REFUSED_LITERALS,
    ...ADMITTED_LITERALS.map((u): [string, Want] => [u, 'ok']),
  ];
  it.each(table)('%s → %s', async (given, want) => {
    const got = await checkTarget(given, opts);
    if (want === 'ok') {
      expect(got).toMatchObject({ ok: true });
      return;
    }
    expect(got.ok).toBe(false);
    if (got.ok) return;
    expect(got.reason).toMatch(want);
    expect(got.reason).toMatch(/^[^\n]+\.$/); // one sentence
    expect(got.reason).not.toContain('hunter2');
  });

  it('checks IP literals without asking DNS, and asks DNS for the bare lower-case host', async () => {
    const lookup = dnsTable({ 'hooks.example.com': [PUBLIC_V4] });
    for (const [url] of REFUSED_LITERALS) await checkTarget(url, { allowLoopback: false, lookup });
    for (const url of ADMITTED_LITERALS) await checkTarget(url, { allowLoopback: false, lookup });
    expect(lookup.asked).toEqual([]);
    const got = await checkTarget('https://HOOKS.Example.COM/x', { allowLoopback: false, lookup });
    expect(lookup.asked).toEqual(['hooks.example.com']);
    expect(got).toMatchObject({ ok: true, addresses: [PUBLIC_V4] });
  });

  it('returns the checked addresses and the parsed URL', async () => {
    const got = await checkTarget('https://hooks.example.com/p?q=1', opts);
    expect(got).toEqual({ ok: true, url: new URL('https://hooks.example.com/p?q=1'), addresses: [PUBLIC_V4, PUBLIC_V6] });
    expect(await checkTarget('https://0x08.8.8.8/', opts)).toMatchObject({ ok: true, addresses: ['8.8.8.8'] });
  });

  it('uses the system resolver by default (localhost is loopback there too)', async () => {
    expect(await checkTarget('https://localhost/', { allowLoopback: false })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/loopback/),
    });
  });
});

describe('checkTarget with allowLoopback (development sandboxes)', () => {
  const opts = { allowLoopback: true, lookup: dns };
  const table: [string, Want][] = [
    ['http://127.0.0.1:8080/hooks', 'ok'],
    ['http://127.0.0.1/hooks', 'ok'],
    ['http://[::1]:8080/hooks', 'ok'],
    ['http://localhost:8080/hooks', 'ok'],
    ['https://127.0.0.1/', 'ok'],
    ['https://[::ffff:127.0.0.1]/', 'ok'],
    ['https://loopback.example.com/', 'ok'],
    ['https://hooks.example.com/', 'ok'],
    ['http://127.0.0.2:8080/', /plain http is allowed only to 127\.0\.0\.1, \[::1\] or localhost/],
    ['http://2130706433:8080/', 'ok'], // normalized to 127.0.0.1 before the check
    ['http://hooks.example.com/', /must use https/],
    ['http://user:pw@127.0.0.1:8080/', /user name or password/],
    ['http://localhost.mixed:8080/', /must use https/],
    ['https://localhost.mixed/', /resolves to 10\.0\.0\.1, a private network address/],
    ['https://10.0.0.1/', /private network/],
    ['https://169.254.169.254/', /cloud metadata/],
    ['https://[fe80::1]/', /link-local/],
    ['https://rebind.example.com/', /192\.168\.0\.10/],
    ['https://0.0.0.0/', /unspecified/],
  ];
  it.each(table)('%s → %s', async (given, want) => {
    const got = await checkTarget(given, opts);
    if (want === 'ok') expect(got).toMatchObject({ ok: true });
    else expect(got).toMatchObject({ ok: false, reason: expect.stringMatching(want) });
  });

  it('still refuses plain http to localhost when localhost resolves to something else', async () => {
    const lookup = dnsTable({ localhost: ['127.0.0.1', '172.20.0.3'] });
    expect(await checkTarget('http://localhost:9000/', { allowLoopback: true, lookup })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/172\.20\.0\.3, a private network address/),
    });
  });
});

describe('forbiddenAddress', () => {
  it.each([
    ['8.8.8.8', undefined],
    ['127.0.0.1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['169.254.169.254', 'metadata'],
    ['100.64.0.0', 'carrier-grade NAT'],
    ['fe80::1%lo0', 'link-local'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['2001:db8::1', undefined],
  ])('%s → %s', (given, want) => {
    expect(forbiddenAddress(given)?.kind).toBe(want);
  });
});
