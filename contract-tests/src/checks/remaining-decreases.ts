import type { Exchange } from '../types.js';
import { defineCheck, evidenceOf } from './define.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** Consecutive requests on a fresh key. */
    'remaining-series': { series: Exchange[] };
  }
}

// On a fresh key, X-RateLimit-Remaining goes down by exactly one per request and Limit holds.
export const remainingDecreases = defineCheck('remaining-decreases', 'Remaining decreases by one per request', (ctx) => {
  const series = evidenceOf(ctx, 'remaining-series')?.series ?? [];
  const values = series.map((e) => e.response?.headers['x-ratelimit-remaining']).map((v) => (v === undefined ? NaN : Number(v)));
  const limits = new Set(series.map((e) => e.response?.headers['x-ratelimit-limit']));
  if (series.length < 2 || values.some(Number.isNaN))
    return { skip: 'the series has no X-RateLimit-Remaining to compare (see rate-limit-headers)' };
  for (let i = 1; i < values.length; i++) {
    if (values[i] !== values[i - 1] - 1)
      return [
        {
          message: `X-RateLimit-Remaining went ${values.join(' → ')} over ${values.length} sequential requests on a fresh key`,
          documented: values.map((_, j) => values[0] - j),
          received: values,
        },
      ];
  }
  return limits.size === 1 ? [] : [{ message: `X-RateLimit-Limit changed within the series: ${[...limits].join(', ')}` }];
});
