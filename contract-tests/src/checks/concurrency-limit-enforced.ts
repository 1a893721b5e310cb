import { defineCheck, evidenceOf, hasResponse, res, when } from './define.js';
import { describeReceived } from './support.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** How many resources were active at once when one more was asked for, against the documented limit. */
    'active-calls': { limit: number; active: number };
  }
}

// ARCHITECTURE.md §4: with the account's active-call limit reached, one more is refused with 429.
export const concurrencyLimitEnforced = defineCheck(
  'concurrency-limit-enforced',
  'Active-call limit → 429',
  when(hasResponse, (ctx, ex) => {
    const { limit, active } = evidenceOf(ctx, 'active-calls') ?? {};
    const { status, json } = res(ex);
    if (limit !== undefined && active !== undefined && active > limit)
      return [{ message: `${active} calls were active at once; the limit is ${limit}`, documented: limit, received: active }];
    if (String(status) === ctx.expected.status) return [];
    return [
      {
        message: `with ${active ?? '?'} active (limit ${limit ?? '?'}), one more was answered ${describeReceived(status, json)}`,
        documented: Number(ctx.expected.status),
        received: status,
      },
    ];
  }),
);
