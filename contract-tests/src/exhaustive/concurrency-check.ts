import { defineCheck } from '../checks/define.js';
import { type ConcurrencyEvidence, concurrencyProblems } from './concurrency.js';

// ARCHITECTURE.md §4: the concurrency limit admits exactly its documented size, even to a burst.
export const concurrencyLimitExact = defineCheck(
  'concurrency-limit-exact',
  'A burst is admitted exactly up to the concurrency limit',
  (ctx) => {
    const ev = ctx.related as Partial<ConcurrencyEvidence>;
    if (ev.limit === undefined || ev.admitted === undefined || ev.sent === undefined || !Array.isArray(ev.refusals)) {
      return { skip: 'no burst was sent' };
    }
    return concurrencyProblems(ev as ConcurrencyEvidence).map((message) => ({ message, documented: ev.limit, received: ev.admitted }));
  },
);
