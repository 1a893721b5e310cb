import { defineCheck, evidenceOf } from './define.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** A limit pushed past its end: what the server announced and how many of the requests it admitted. */
    exhaustion: { limit: number; sent: number; admitted: number; refused: number; exact: boolean };
  }
}

// ARCHITECTURE.md §4: a limit of N admits exactly N requests, even when N + k arrive at once.
export const rateLimitExhaustion = defineCheck('rate-limit-exhaustion', 'Exhaustion gives 429, exactly at the limit', (ctx) => {
  const ev = evidenceOf(ctx, 'exhaustion');
  if (!ev) return { skip: 'no limit was observed (see rate-limit-headers)' };
  const { limit, sent, admitted, refused, exact } = ev;
  if (!refused)
    return [
      { message: `sent ${sent} requests against a limit of ${limit}; none was refused with 429`, documented: limit, received: admitted },
    ];
  // A budget shared with the rest of the run (per source IP) can only be shown to end, not counted.
  if (exact !== false && admitted !== limit)
    return [
      { message: `a limit of ${limit} admitted ${admitted} of ${sent} requests sent at once`, documented: limit, received: admitted },
    ];
  if (exact === false && admitted > limit)
    return [{ message: `a limit of ${limit} admitted ${admitted} requests`, documented: limit, received: admitted }];
  return [];
});
