// Tenant isolation verdicts (evidence: exhaustive/isolation.ts).
import { defineCheck, evidenceOf } from '../checks/define.js';
import { type AggregateEvidence, differences, type ListIsolationEvidence, leakedIds } from './isolation.js';

declare module '../types.js' {
  interface EvidenceKinds {
    'list-isolation': ListIsolationEvidence;
    'aggregate-isolation': AggregateEvidence;
  }
}

export const listIsolationVerdict = defineCheck('list-isolation', "Another account's lists show none of this account's items", (ctx) => {
  const ev = evidenceOf(ctx, 'list-isolation');
  if (!ev) return { skip: 'no list was read with both keys' };
  const leaked = leakedIds(ev.other, [...ev.own, ...ev.known]);
  const list = ctx.operation.operationId;
  if (leaked.length) {
    const shown = leaked.slice(0, 5).join(', ');
    const message = `the other account's ${list} (${ev.pages} pages) lists ${leaked.length} item(s) of this account: ${shown}`;
    return [{ message, documented: [], received: leaked }];
  }
  if (!ev.own.length && !ev.known.length) return { skip: `this account has no items in ${list} that could leak` };
  return [];
});

export const aggregateIsolationVerdict = defineCheck(
  'aggregate-isolation',
  "Another account's aggregates do not move with this account's activity",
  (ctx, ex) => {
    const ev = evidenceOf(ctx, 'aggregate-isolation');
    if (!ev || ev.missing || !('before' in ev)) return { skip: ev?.missing ?? 'no earlier answer to compare with' };
    const r = ex.response;
    if (!r || r.status >= 300) return { skip: `the other account's read was answered ${r?.status ?? ex.error?.kind}` };
    const changed = differences(ev.before, ev.after);
    if (!changed.length) return [];
    const shown = changed.slice(0, 5).map((d) => `${d.pointer}: ${JSON.stringify(d.before)} → ${JSON.stringify(d.after)}`);
    const where = `${changed.length} place(s): ${shown.join('; ')}`;
    const message = `while only this account acted, the other account's ${ctx.operation.operationId} changed at ${where}`;
    return [{ message, documented: ev.before, received: ev.after, pointer: changed[0].pointer }];
  },
);
