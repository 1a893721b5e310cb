// ARCHITECTURE.md §4, exactly: every exhaustion's counter steps down once per admitted request, and the
// limit it counts to is the documented one (evidence: exhaustive/counters.ts).
import { defineCheck, evidenceOf } from '../checks/define.js';
import type { CheckOutcome } from '../types.js';
import { type CounterEvidence, countsExact, documentedLimit, type Verdict } from './counters.js';

declare module '../types.js' {
  interface EvidenceKinds {
    /** Every answer of one exhaustion, as the counter saw it. */
    'rate-limit-counter': CounterEvidence;
  }
}

function outcome(v: Verdict): CheckOutcome {
  if ('skip' in v) return { skip: v.skip };
  return v.problems.map((message) => ({
    message,
    ...(v.expected !== undefined ? { documented: v.expected } : {}),
    ...(v.received !== undefined ? { received: v.received } : {}),
  }));
}

const NO_EVIDENCE = { skip: 'no exhaustion evidence (see rate-limit-exhaustion)' };

export const rateLimitCountsExact = defineCheck('rate-limit-counts-exact', 'Remaining counts each admitted request once', (ctx) => {
  const ev = evidenceOf(ctx, 'rate-limit-counter');
  return ev ? outcome(countsExact(ev)) : NO_EVIDENCE;
});

export const rateLimitDocumented = defineCheck('rate-limit-documented', 'The announced limit is the documented one, and holds', (ctx) => {
  const ev = evidenceOf(ctx, 'rate-limit-counter');
  return ev ? outcome(documentedLimit(ev)) : NO_EVIDENCE;
});
