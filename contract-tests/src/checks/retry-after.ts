import type { FailureInput } from '../types.js';
import { defineResponseCheck, hasResponse, na, res, when } from './define.js';
import { problemCode, serverNow } from './support.js';

// A 429 says when to come back, and never sooner than the exhausted window ends.
export const retryAfter = defineResponseCheck(
  'retry-after',
  'Retry-After on 429',
  when(hasResponse, (ctx, ex) => {
    const r = res(ex);
    if (r.status !== 429) return na('not a 429');
    const value = r.headers['retry-after'];
    if (value === undefined) return [{ message: 'Retry-After is missing on a 429', pointer: '/headers/retry-after' }];
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1)
      return [
        {
          message: `Retry-After ${JSON.stringify(value)} is not a whole number of seconds ≥ 1`,
          received: value,
          pointer: '/headers/retry-after',
        },
      ];
    const out: FailureInput[] = [];
    const reset = Number(r.headers['x-ratelimit-reset']);
    if (ctx.profile === 'full' && problemCode(r.json) === 'RATE_LIMITED' && Number.isFinite(reset)) {
      const untilReset = reset - serverNow(r.headers);
      if (Number(value) < untilReset - 1)
        out.push({
          message: `Retry-After ${value}s is earlier than the window's end (X-RateLimit-Reset is ${untilReset}s away)`,
          documented: untilReset,
          received: Number(value),
          pointer: '/headers/retry-after',
        });
    }
    return out;
  }),
);
