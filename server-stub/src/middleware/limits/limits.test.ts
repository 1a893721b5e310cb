// Rate limits (ARCHITECTURE.md §4): the stores' sliding windows, exactness under concurrency, the headers
// on every authenticated response, Retry-After, and the per-key / per-call / per-IP policies. Every
// LimitStore (memory, SQLite, Redis) is held to the same given/want cases.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../config.js';
import { openDatabase } from '../../store/db.js';
import { redisForTests, redisServerMissing } from '../../testing/redis.js';
import { ADMIN_KEY, bearer, mintKey, OTHER_KEY, type TestStub, testStub } from '../../testing/stub.js';
import { compilePolicies } from './policies.js';
import { RedisLimitStore } from './redis-store.js';
import { SqliteLimitStore } from './sqlite-store.js';
import { type LimitStore, MemoryLimitStore } from './store.js';

const redis = redisForTests();
// Each Redis store gets its own key prefix, so cases never see each other's windows.
const stores: Record<string, () => LimitStore> = {
  memory: () => new MemoryLimitStore(),
  sqlite: () => new SqliteLimitStore(openDatabase(':memory:')),
  ...(redisServerMissing ? {} : { redis: () => new RedisLimitStore(redis.connection(), `test:${randomUUID()}:`) }),
};

if (redisServerMissing) {
  describe.skip(`redis LimitStore (skipped: ${redisServerMissing})`, () => {
    it('runs the cases below against Redis', () => {});
  });
}

describe.each(Object.keys(stores))('%s LimitStore', (name) => {
  const window = { key: 'w', limit: 3, windowMs: 10_000 };

  it('admits `limit` hits per sliding window and frees each one a window after it', async () => {
    const store = stores[name]();
    // given hits at these times; want allowed / remaining / resetAt
    const table: Array<[number, boolean, number, number]> = [
      [0, true, 2, 10_000],
      [1_000, true, 1, 10_000],
      [2_000, true, 0, 10_000],
      [3_000, false, 0, 10_000], // full: refused, not recorded
      [9_999, false, 0, 10_000],
      [10_000, true, 0, 11_000], // the hit at 0 left the window
      [10_500, false, 0, 11_000],
      [12_000, true, 1, 20_000], // 1 000 and 2 000 have left
      [40_000, true, 2, 50_000],
    ];
    for (const [at, allowed, remaining, resetAt] of table) {
      const r = await store.hit([window], at);
      expect({ at, allowed: r.allowed, remaining: r.states[0].remaining, resetAt: r.states[0].resetAt }).toEqual({
        at,
        allowed,
        remaining,
        resetAt,
      });
    }
  });

  it('records in all windows or in none', async () => {
    const store = stores[name]();
    const small = { key: 'small', limit: 1, windowMs: 60_000 };
    const big = { key: 'big', limit: 10, windowMs: 60_000 };
    expect((await store.hit([big, small], 0)).allowed).toBe(true);
    const refused = await store.hit([big, small], 1);
    expect(refused.allowed).toBe(false);
    expect(refused.states.map((s) => s.remaining)).toEqual([9, 0]); // the refused hit did not count in `big`
    expect((await store.hit([big], 2)).states[0].remaining).toBe(8);
  });

  it('never puts a reset more than one window past the caller’s clock, when another caller stamped a later hit', async () => {
    // Callers read the clock before the store decides: under contention a process whose clock read 4 990
    // reaches the store after one that read 5 000 recorded its hit.
    const store = stores[name]();
    const w = { key: 'skew', limit: 2, windowMs: 10_000 };
    const guard = { key: 'skew-guard', limit: 1, windowMs: 10_000 };
    await store.hit([w, guard], 5_000);
    // given a caller at 4 990; want every reset ≤ 4 990 + window, refused or admitted, hit or peek
    const admitted = await store.hit([w], 4_990, [guard]);
    expect(admitted.allowed).toBe(false); // the guard is full
    expect(admitted.states.map((s) => s.resetAt)).toEqual([14_990, 14_990]);
    expect((await store.peek([w], 4_990)).states[0].resetAt).toBe(14_990);
    const recorded = await store.hit([w], 4_995);
    expect(recorded).toEqual({ allowed: true, states: [{ remaining: 0, resetAt: 14_995 }] });
    // Both hits leave the window once it has passed the later of them.
    expect((await store.peek([w], 15_000)).states[0].remaining).toBe(2);
  });

  it('peeks at a window without recording: the state a hit would see, full or not', async () => {
    const store = stores[name]();
    const w = { key: 'peek', limit: 2, windowMs: 60_000 };
    expect(await store.peek([w], 0)).toMatchObject({ allowed: true, states: [{ remaining: 2 }] });
    await store.hit([w], 1);
    expect(await store.peek([w], 2)).toEqual({ allowed: true, states: [{ remaining: 1, resetAt: 60_001 }] });
    await store.hit([w], 3);
    expect(await store.peek([w], 4)).toEqual({ allowed: false, states: [{ remaining: 0, resetAt: 60_001 }] });
    expect((await store.hit([w], 60_002)).states[0].remaining).toBe(0); // the peeks took no room
  });

  it('checks guard windows with a hit, recording nothing in them; a full guard refuses the hit', async () => {
    const store = stores[name]();
    const w = { key: 'guarded', limit: 5, windowMs: 60_000 };
    const guard = { key: 'guard', limit: 2, windowMs: 60_000 };
    // given: the guard's own hits; want: the hit with the guard → allowed, [w remaining, guard remaining]
    let r = await store.hit([w], 0, [guard]);
    expect(r).toEqual({
      allowed: true,
      states: [
        { remaining: 4, resetAt: 60_000 },
        { remaining: 2, resetAt: 60_000 },
      ],
    });
    await store.hit([guard], 1);
    r = await store.hit([w], 2, [guard]);
    expect(r).toEqual({
      allowed: true,
      states: [
        { remaining: 3, resetAt: 60_000 },
        { remaining: 1, resetAt: 60_001 },
      ],
    });
    await store.hit([guard], 3);
    r = await store.hit([w], 4, [guard]);
    expect(r).toEqual({
      allowed: false,
      states: [
        { remaining: 3, resetAt: 60_000 },
        { remaining: 0, resetAt: 60_001 },
      ],
    });
    // Neither the refused hit nor the guarded ones took room in the guard; the refused one none in w.
    expect((await store.peek([w, guard], 5)).states.map((s) => s.remaining)).toEqual([3, 0]);
    expect((await store.hit([w], 60_002, [guard])).allowed).toBe(true); // the guard's hit at 1 has left
  });

  it('admits exactly the limit of 150 concurrent hits', async () => {
    const store = stores[name]();
    const results = await Promise.all(Array.from({ length: 150 }, () => store.hit([{ key: 'c', limit: 100, windowMs: 60_000 }], 5)));
    expect(results.filter((r) => r.allowed)).toHaveLength(100);
  });
});

describe('compilePolicies', () => {
  it('scales limits by STUB_LIMIT_SCALE and precomputes the policy header', () => {
    const declared = [
      { name: 'default', limit: 100, windowSeconds: 60, per: 'api-key', description: '' },
      { name: 'tiny', limit: 1, windowSeconds: 10, per: 'call', description: '' },
    ];
    const p = compilePolicies(declared, 0.5);
    expect(p.get('default')).toMatchObject({ limit: 50, windowMs: 60_000, header: '"default";q=50;w=60' });
    expect(p.get('tiny')!.limit).toBe(1); // never below one
  });
});

describe('limits through the pipeline', () => {
  let stub: TestStub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });
  const T0 = Date.parse('2026-11-20T09:00:00.000Z');

  const limitStores: Array<Config['limitStore']> = ['memory', 'sqlite', ...(redisServerMissing ? [] : (['redis'] as const))];
  it.each(limitStores)('150 parallel requests on a limit of 100 admit exactly 100 (%s store)', async (limitStore) => {
    stub = await testStub({
      config: { limitStore },
      ...(limitStore === 'redis' ? { limitStore: new RedisLimitStore(redis.connection(), `test:${randomUUID()}:`) } : {}),
    });
    const responses = await Promise.all(
      Array.from({ length: 150 }, () => stub!.inject({ url: '/v1/account', headers: bearer(ADMIN_KEY) })),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50);
    const remaining = responses.filter((r) => r.statusCode === 200).map((r) => Number(r.headers['x-ratelimit-remaining']));
    expect(new Set(remaining).size).toBe(100); // 99 … 0, each once
    expect(Math.min(...remaining)).toBe(0);
  });

  it('sends the closest policy on every authenticated response, errors included', async () => {
    let now = T0;
    stub = await testStub({ now: () => now });
    const auth = bearer(ADMIN_KEY);
    const first = await stub.inject({ url: '/v1/calls', headers: auth });
    expect(first.headers).toMatchObject({
      'x-ratelimit-limit': '10',
      'x-ratelimit-remaining': '9',
      'x-ratelimit-reset': String(T0 / 1000 + 60),
      'ratelimit-policy': '"calls";q=10;w=60',
      ratelimit: '"calls";r=9;t=60',
    });
    now += 15_000;
    const invalid = await stub.inject({ url: '/v1/calls?limit=0', headers: auth });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.headers).toMatchObject({ 'x-ratelimit-remaining': '8', ratelimit: '"calls";r=8;t=45' });
    const other = await stub.inject({ url: '/v1/account', headers: auth });
    expect(other.headers).toMatchObject({
      'x-ratelimit-limit': '100',
      'x-ratelimit-remaining': '97',
      'ratelimit-policy': '"default";q=100;w=60',
    });
  });

  it('answers 429 with Retry-After no earlier than the end of the window, and admits again then', async () => {
    let now = T0;
    stub = await testStub({ now: () => now });
    const auth = bearer(ADMIN_KEY);
    for (let i = 0; i < 10; i++) {
      expect((await stub.inject({ url: '/v1/calls', headers: auth })).statusCode).toBe(200);
      now += 1_000; // hits at T0 … T0+9 s
    }
    now = T0 + 20_500;
    const refused = await stub.inject({ url: '/v1/calls', headers: auth });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({
      code: 'RATE_LIMITED',
      detail: 'Rate limit of 10 requests per 60 seconds exceeded for this key.',
    });
    expect(refused.headers).toMatchObject({
      'retry-after': '40',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': String(T0 / 1000 + 60),
      ratelimit: '"calls";r=0;t=40',
    });
    now = T0 + 59_999;
    expect((await stub.inject({ url: '/v1/calls', headers: auth })).statusCode).toBe(429);
    now = T0 + 60_000;
    const again = await stub.inject({ url: '/v1/calls', headers: auth });
    expect(again.statusCode).toBe(200);
    expect(again.headers['x-ratelimit-remaining']).toBe('0');
  });

  it('counts per key: another key of the same account has its own window', async () => {
    stub = await testStub({ config: { limitScale: 0.05 } }); // default: 5 per minute
    const second = mintKey(stub, ['account:read']);
    for (let i = 0; i < 5; i++) await stub.inject({ url: '/v1/account', headers: bearer(ADMIN_KEY) });
    expect((await stub.inject({ url: '/v1/account', headers: bearer(ADMIN_KEY) })).statusCode).toBe(429);
    expect((await stub.inject({ url: '/v1/account', headers: bearer(second) })).statusCode).toBe(200);
  });

  it('counts call commands per call', async () => {
    stub = await testStub({ config: { limitScale: 10 } }); // default 1000; call-commands 100 per call
    const send = (call: string) =>
      stub!.inject({
        method: 'POST',
        url: `/v1/calls/${call}/commands`,
        headers: { ...bearer(ADMIN_KEY), 'content-type': 'application/json' },
        payload: { type: 'say', text: 'hi' },
      });
    const a = 'call_4kP9xR2mT7vQ1sZ8nB3wLd';
    const b = 'call_9Tz3Lm8Qp2Wx6Rk1Nv7Hd4';
    const statuses = await Promise.all(Array.from({ length: 101 }, () => send(a)));
    expect(statuses.filter((r) => r.statusCode === 202)).toHaveLength(100);
    const refused = statuses.find((r) => r.statusCode === 429)!;
    expect(refused.headers['ratelimit-policy']).toBe('"call-commands";q=100;w=60');
    expect((await send(b)).statusCode).toBe(202);
  });

  it('counts OTP sends per source IP across keys', async () => {
    stub = await testStub();
    const send = (key: string, ip: string) =>
      stub!.inject({
        method: 'POST',
        url: '/v1/otp/send',
        headers: { ...bearer(key), 'content-type': 'application/json' },
        payload: { to: '+14155550123' },
        remoteAddress: ip,
      });
    for (let i = 0; i < 5; i++) expect((await send(i % 2 ? ADMIN_KEY : OTHER_KEY, '203.0.113.7')).statusCode).toBeLessThan(300);
    const refused = await send(ADMIN_KEY, '203.0.113.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().detail).toBe('Rate limit of 5 requests per 60 seconds exceeded for this source IP address.');
    expect((await send(ADMIN_KEY, '203.0.113.8')).statusCode).toBeLessThan(300);
  });

  it('keeps the window across a restart with the SQLite store', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const db = join(mkdtempSync(join(tmpdir(), 'stub-limits-')), 'stub.sqlite');
    stub = await testStub({ config: { db, limitStore: 'sqlite', limitScale: 0.05 } });
    for (let i = 0; i < 5; i++) await stub.inject({ url: '/v1/account', headers: bearer(ADMIN_KEY) });
    await stub.close();
    stub = await testStub({ config: { db, limitStore: 'sqlite', limitScale: 0.05 } });
    expect((await stub.inject({ url: '/v1/account', headers: bearer(ADMIN_KEY) })).statusCode).toBe(429);
  });
});
