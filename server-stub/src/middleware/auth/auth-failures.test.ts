// Brute-force protection (the spec's `auth-failures` policy, scaled here to 6 per 600 s): refused
// keys count per source address and say so in the rate-limit headers of their 401; once the window
// is full, every request from that address that presents a key is refused 429 whatever the key (a
// valid one too, with the same store steps, so a right guess looks like a wrong one); other
// addresses, requests without a key and a later window are unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures } from '../../testing/figures.js';
import { ADMIN_KEY, bearer, type TestStub, testStub } from '../../testing/stub.js';
import { type LimitStore, MemoryLimitStore } from '../limits/store.js';

let stub: TestStub;
let now = Date.parse('2026-11-20T09:00:00Z');
beforeAll(async () => {
  stub = await testStub({ now: () => now, config: { limitScale: 0.01 } });
});
afterAll(() => stub.close());

const WRONG = `pl_test_${'W'.repeat(40)}`;
const from = (remoteAddress: string, headers: Record<string, string>) => stub.inject({ url: '/v1/account', headers, remoteAddress });

describe('refused keys per source address', () => {
  it('counts each refused key in the 401 headers, then refuses every key from that address with 429', async () => {
    for (let i = 1; i <= 6; i++) {
      const refused = await from('203.0.113.7', bearer(WRONG));
      expect(refused.statusCode).toBe(401);
      expect(refused.headers).toMatchObject({
        'x-ratelimit-limit': '6',
        'x-ratelimit-remaining': String(6 - i),
        'ratelimit-policy': '"auth-failures";q=6;w=600',
      });
    }
    const blocked = await from('203.0.113.7', bearer(WRONG));
    expect([blocked.statusCode, blocked.json().code]).toEqual([429, 'RATE_LIMITED']);
    expect(blocked.headers['retry-after']).toBe('600');
    expect(blocked.headers['x-ratelimit-remaining']).toBe('0');
    // A valid key from the same address is refused the same way: guessing right tells nothing.
    const valid = await from('203.0.113.7', bearer(ADMIN_KEY));
    expect([valid.statusCode, valid.headers['retry-after']]).toEqual([429, '600']);
    recordFigures({
      scenario: 'refused keys from one address (limit 6)',
      requests: 8,
      statuses: { '401': 6, '429': 2 },
      unexpected5xx: 0,
      crashes: 0,
      overAdmissions: 0,
      note: 'the 7th wrong key and then a valid key from the same address: 429 with Retry-After; another address: 200',
    });
  });

  it('leaves other addresses and requests without a key alone', async () => {
    expect((await from('198.51.100.9', bearer(ADMIN_KEY))).statusCode).toBe(200);
    const none = await from('203.0.113.7', {});
    expect(none.statusCode).toBe(401);
    expect(none.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('lets the address in again once the window has passed', async () => {
    now += 600_000;
    expect((await from('203.0.113.7', bearer(ADMIN_KEY))).statusCode).toBe(200);
  });
});

describe('the refused-keys window: one store step per request with a cached key, and the same work for any key once it is full', () => {
  /** A memory LimitStore that counts the calls a request makes (one call is one round trip to Redis). */
  function countingStore() {
    const inner = new MemoryLimitStore();
    const calls: string[] = [];
    const store: LimitStore = {
      hit: (checks, at, guards) => {
        calls.push(`hit ${checks.length}+${guards?.length ?? 0}`);
        return inner.hit(checks, at, guards);
      },
      peek: (checks, at) => {
        calls.push(`peek ${checks.length}`);
        return inner.peek(checks, at);
      },
      close: () => inner.close(),
    };
    return { store, calls };
  }

  it('checks the window in the store step that records the limits of a cached key; other secrets peek first', async () => {
    const { store, calls } = countingStore();
    const one = await testStub({ now: () => now, config: { limitScale: 0.01 }, limitStore: store });
    try {
      const ask = (key: string) => one.inject({ url: '/v1/account', headers: bearer(key), remoteAddress: '192.0.2.1' });
      // given: the secret (and whether this process has its key cached); want: the store steps.
      expect((await ask(ADMIN_KEY)).statusCode).toBe(200);
      expect(calls.splice(0)).toEqual(['peek 1', 'hit 1+1']); // not cached yet: looked up after the peek
      now += 61_000; // the next minute of the (scaled) per-key limit
      expect((await ask(ADMIN_KEY)).statusCode).toBe(200);
      expect(calls.splice(0)).toEqual(['hit 1+1']); // cached: one step
      expect((await ask(WRONG)).statusCode).toBe(401);
      expect(calls.splice(0)).toEqual(['peek 1', 'hit 1+0']); // peeked, then the refusal counted
      expect((await ask('pl_test_short')).statusCode).toBe(401);
      expect(calls.splice(0)).toEqual(['hit 1+0']); // malformed: refused without a lookup
      for (let i = 0; i < 4; i++) await ask(WRONG);
      calls.length = 0;
      const touched = now;
      now += 2_000; // past touchKey's once a second: a request let through would record its use
      const wrong = await ask(WRONG);
      const right = await ask(ADMIN_KEY);
      // Full: one step each, no lookup in the file for the wrong one, nothing recorded for either.
      expect(calls.splice(0)).toEqual(['peek 1', 'hit 1+1']);
      const view = (r: Awaited<ReturnType<typeof ask>>) => ({
        status: r.statusCode,
        code: r.json().code,
        headers: Object.fromEntries(Object.entries(r.headers).filter(([h]) => !['x-request-id', 'date'].includes(h))),
        detail: r.json().detail,
      });
      expect(view(right)).toEqual(view(wrong));
      expect(one.stores.keys.findBySecret(ADMIN_KEY)?.key.last_used_at).toBe(new Date(touched).toISOString());
    } finally {
      await one.close();
    }
  });
});
