import { describe, expect, it } from 'vitest';
import { expectDocumented, thrown } from '../testing/assert.js';
import { example } from '../testing/examples.js';
import { input, T0, World } from '../testing/world.js';
import { ipAllowlistHandlers as h } from './ip-allowlist.js';

const later = (ms: number) => new Date(T0.getTime() + ms);
const entries = (...values: string[]) => ({ entries: values.map((value) => ({ value })) });

describe('replaceIpAllowlist', () => {
  // given: a documented example and the caller's address; want: its status and stable values.
  const examples: Array<{ given: [string, string]; want: number }> = [
    { given: ['replace-allowlist', '127.0.0.1'], want: 200 },
    { given: ['replace-allowlist', '::1'], want: 200 },
    { given: ['replace-allowlist', '::ffff:127.0.0.1'], want: 200 },
    { given: ['clear-allowlist', '127.0.0.1'], want: 200 },
    { given: ['conflict', '127.0.0.1'], want: 409 },
    { given: ['conflict', '::1'], want: 409 },
  ];
  it.each(examples)('replays $given.0 from $given.1', async ({ given: [name, clientIp], want }) => {
    const ex = example(`replaceIpAllowlist:${name}`);
    expect(ex.status).toBe(want);
    const world = new World();
    const call = () => h.replaceIpAllowlist(input({ body: ex.request.body }), world.ctx({ clientIp }));
    if (want !== 200) {
      const err = await thrown(call);
      expect([err.status, err.code]).toEqual([want, ex.value.code]);
      expect(world.account().ip_allowlist).toEqual([]);
      return;
    }
    const res = await call();
    expect(res.status).toBe(want);
    expect(res.body.entries.map((e) => [e.value, e.description])).toEqual(ex.value.entries.map((e: any) => [e.value, e.description]));
    expect(res.body.updated_at).toBe(T0.toISOString());
    expectDocumented('replaceIpAllowlist', res);
    const got = await h.getIpAllowlist(input(), world.ctx({ clientIp }));
    expect(got.body).toEqual(res.body);
    expectDocumented('getIpAllowlist', got);
  });

  // given: the caller's address and the new list; want: accepted (200) or the lock-out guard (409).
  const guard: Array<{ given: [string, string[]]; want: number }> = [
    { given: ['198.51.100.7', ['198.51.100.0/24']], want: 200 },
    { given: ['198.51.101.7', ['198.51.100.0/24']], want: 409 },
    { given: ['203.0.113.7', ['203.0.113.7']], want: 200 },
    { given: ['203.0.113.8', ['203.0.113.7']], want: 409 },
    { given: ['2001:db8:4a::5', ['2001:db8:4a::/48']], want: 200 },
    { given: ['2001:db8:4b::5', ['2001:db8:4a::/48']], want: 409 },
    { given: ['::ffff:198.51.100.7', ['198.51.100.0/24']], want: 200 },
    { given: ['127.0.0.1', ['::1']], want: 409 },
    { given: ['10.1.2.3', ['0.0.0.0/0']], want: 200 },
    // The guard agrees with the allowlist check (middleware/auth/ip.ts), which holds IPv4 as
    // IPv4-mapped IPv6: ::/0 covers every address.
    { given: ['10.1.2.3', ['::/0']], want: 200 },
    { given: ['10.1.2.3', ['2001:db8::/32']], want: 409 },
    { given: ['10.1.2.3', []], want: 200 },
  ];
  it.each(guard)('from $given.0, list $given.1 → $want', async ({ given: [clientIp, values], want }) => {
    const world = new World();
    const call = () => h.replaceIpAllowlist(input({ body: entries(...values) }), world.ctx({ clientIp }));
    if (want === 200) {
      expect((await call()).body.entries.map((e) => e.value)).toEqual(values);
      expect(world.account().ip_allowlist.map((e) => e.value)).toEqual(values);
    } else {
      const err = await thrown(call);
      expect([err.status, err.code]).toEqual([409, 'CONFLICT']);
      expect(err.detail).toContain(clientIp);
    }
  });

  // given: entries the schema admits; want: the 422 field.
  const invalid: Array<{ given: string[]; want: string }> = [
    { given: ['127.0.0.1', '127.0.0.1'], want: 'body.entries.1.value' },
    { given: ['10.0.0.0/8', '127.0.0.1', '10.0.0.0/8'], want: 'body.entries.2.value' },
    { given: ['2001:db8::/32', '2001:DB8::/32'], want: 'body.entries.1.value' },
    { given: ['2001:db8::/32', '2001:0db8:0::/32'], want: 'body.entries.1.value' },
    { given: ['10.0.0.0/8', '10.1.0.0/8'], want: 'body.entries.1.value' },
    { given: ['127.0.0.1', '10.0.0.0/33'], want: 'body.entries.1.value' },
  ];
  it.each(invalid)('$given → 422 on $want', async ({ given, want }) => {
    const world = new World();
    const err = await thrown(() => h.replaceIpAllowlist(input({ body: entries(...given) }), world.ctx()));
    expect([err.status, err.code, err.extra.errors?.[0].field]).toEqual([422, 'VALIDATION_ERROR', want]);
  });

  it('keeps created_at of entries already listed, and stamps new ones', async () => {
    const world = new World();
    await h.replaceIpAllowlist(input({ body: entries('127.0.0.1', '10.0.0.0/8') }), world.ctx());
    const res = await h.replaceIpAllowlist(
      input({ body: { entries: [{ value: '127.0.0.1', description: 'Loopback' }, { value: '192.0.2.0/24' }] } }),
      world.ctx({ now: later(60_000) }),
    );
    expect(res.body.entries).toEqual([
      { value: '127.0.0.1', description: 'Loopback', created_at: T0.toISOString() },
      { value: '192.0.2.0/24', description: null, created_at: later(60_000).toISOString() },
    ]);
    expect(res.body.updated_at).toBe(later(60_000).toISOString());
  });

  it("changes only the caller's account", async () => {
    const world = new World();
    const other = world.addAccount();
    await h.replaceIpAllowlist(input({ body: entries('127.0.0.1') }), world.ctx());
    expect((await h.getIpAllowlist(input(), world.ctx({ account: other }))).body.entries).toEqual([]);
  });
});

describe('getIpAllowlist', () => {
  it('is empty on a new account', async () => {
    const world = new World();
    const res = await h.getIpAllowlist(input(), world.ctx());
    expect(res).toEqual({ status: 200, body: { object: 'ip_allowlist', entries: [], updated_at: T0.toISOString() } });
    expectDocumented('getIpAllowlist', res);
  });
});
