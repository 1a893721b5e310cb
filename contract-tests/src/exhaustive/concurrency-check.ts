import { defineCheck, evidenceOf } from '../checks/define.js';
import { type ConcurrencyEvidence, concurrencyProblems } from './concurrency.js';

declare module '../types.js' {
  interface EvidenceKinds {
    'concurrency-burst': ConcurrencyEvidence;
  }
}

// ARCHITECTURE.md §4: the concurrency limit admits exactly its documented size, even to a burst.
export const concurrencyLimitExact = defineCheck(
  'concurrency-limit-exact',
  'A burst is admitted exactly up to the concurrency limit',
  (ctx) => {
    const ev = evidenceOf(ctx, 'concurrency-burst');
    if (!ev) return { skip: 'no burst was sent' };
    return concurrencyProblems(ev).map((message) => ({ message, documented: ev.limit, received: ev.admitted }));
  },
);
