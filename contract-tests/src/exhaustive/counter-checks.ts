// ARCHITECTURE.md §4, exactly: every exhaustion's counter steps down once per admitted request, and the
// limit it counts to is the documented one (evidence: exhaustive/counters.ts).
import { defineCheck } from '../checks/define.js';
import type { CheckContext, CheckOutcome } from '../types.js';
import { type CounterEvidence, countsExact, documentedLimit, type Verdict } from './counters.js';

const evidenceOf = (ctx: CheckContext): CounterEvidence | undefined => {
  const ev = ctx.related as Partial<CounterEvidence>;
  return ev.policy && ev.documented && Array.isArray(ev.answers) ? (ev as CounterEvidence) : undefined;
};

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
  const ev = evidenceOf(ctx);
  return ev ? outcome(countsExact(ev)) : NO_EVIDENCE;
});

export const rateLimitDocumented = defineCheck('rate-limit-documented', 'The announced limit is the documented one, and holds', (ctx) => {
  const ev = evidenceOf(ctx);
  return ev ? outcome(documentedLimit(ev)) : NO_EVIDENCE;
});
