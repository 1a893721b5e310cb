// Brute-force protection (the spec's `auth-failures` policy, scaled here to 6 per 600 s): refused
// keys count per source address and say so in the rate-limit headers of their 401; once the window
// is full, every request from that address that presents a key is refused 429 before the key is
// checked (a valid one too, so a right guess looks like a wrong one); other addresses, requests
// without a key and a later window are unaffected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures } from '../../testing/figures.js';
import { ADMIN_KEY, bearer, type TestStub, testStub } from '../../testing/stub.js';

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
