// The client-side mirror of per-key limits: how many keys a load needs, when a key is full, and
// how the server's announced numbers replace the spec's.
import { describe, expect, it } from 'vitest';
import { RateBudget } from './budget.js';

const policies = {
  default: { limit: 100, window: 60, per: 'api-key' },
  calls: { limit: 10, window: 60, per: 'api-key' },
  'otp-source-ip': { limit: 5, window: 60, per: 'source-ip' },
};

describe('RateBudget', () => {
  it('mirrors only per-key policies', () => {
    expect(new RateBudget(policies).keyPolicies(['default', 'calls', 'otp-source-ip'])).toEqual(['default', 'calls']);
  });

  // given: requests per policy; want: keys needed at 80 % of each limit.
  it.each([
    [{ default: 80 }, 1],
    [{ default: 81 }, 2],
    [{ default: 400, calls: 9 }, 5],
    [{ default: 10, calls: 40 }, 5],
  ])('load %j needs %i keys', (load, keys) => {
    expect(new RateBudget(policies).keysFor(new Map(Object.entries(load)))).toBe(keys);
  });

  it('fills a key, then says how long until it has room', () => {
    const b = new RateBudget(policies);
    const t = 1_000_000;
    for (let i = 0; i < 8; i++) b.record('k', ['calls'], t + i);
    expect(b.headroom('k', ['calls'], t + 10)).toBe(0);
    expect(b.waitFor('k', ['calls'], t + 10)).toBe(60_000 - 10);
    expect(b.headroom('k', ['calls'], t + 60_000)).toBe(1);
    expect(b.headroom('other', ['calls'], t)).toBe(8);
  });

  it("learns the server's limits from RateLimit-Policy", () => {
    const b = new RateBudget(policies);
    b.observe('"default";q=10000;w=60');
    b.observe('"unknown";q=1;w=1');
    b.observe('garbage');
    expect(b.limitOf('default')).toEqual({ limit: 10000, window: 60 });
    expect(b.keysFor(new Map([['default', 5000]]))).toBe(1);
  });
});
