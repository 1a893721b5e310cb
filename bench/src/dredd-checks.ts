// What one Dredd run checks, counted from its plan and results (Dredd reports only pass/fail per
// transaction). Dredd 14 hands each response to Gavel with the hooks' expectations: the status code,
// the headers (Content-Type by value, every documented required header by presence) and the body
// as a JSON example, from which Gavel derives a schema that requires every key of every object,
// nested objects and array elements included, and checks no values. So per replayed transaction:
// 1 status + 1 Content-Type + 1 per required header + 1 per key anywhere in the example body.
import type { DreddPlan } from '../../dredd/plan.js';
import type { DreddTransactionResult } from '../../dredd/run.js';

export interface DreddCheckCount {
  /** Transactions Dredd really sent (passed or failed; skipped ones check nothing). */
  transactions: number;
  status: number;
  headers: number;
  bodyKeys: number;
  /** status + headers + bodyKeys: the assertions Dredd made. */
  assertions: number;
  /** Gavel's verdicts, one per validated field (status, headers, body) per transaction. */
  verdicts: number;
}

/** Keys Gavel requires in a JSON example: every key of every object, at any depth, in arrays too. */
export function exampleKeys(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item) => n + exampleKeys(item), 0);
  if (value !== null && typeof value === 'object') return Object.values(value).reduce((n: number, v) => n + 1 + exampleKeys(v), 0);
  return 0;
}

export function countDreddChecks(plan: DreddPlan, results: readonly DreddTransactionResult[]): DreddCheckCount {
  const entries = new Map(plan.entries.filter((e) => !e.skip).map((e) => [`${e.operationId} ${e.status} ${e.example}`, e]));
  const count: DreddCheckCount = { transactions: 0, status: 0, headers: 0, bodyKeys: 0, assertions: 0, verdicts: 0 };
  for (const r of results) {
    if (r.result === 'skip') continue;
    count.transactions++;
    count.status++;
    count.verdicts += 1;
    const entry = entries.get(`${r.operationId} ${r.status} ${r.example}`);
    if (!entry?.expected) continue; // not in the plan: only its status was checked for sure
    count.headers += 1 + entry.expected.headers.length;
    count.verdicts += 1;
    if (entry.expected.body !== undefined) {
      count.bodyKeys += exampleKeys(entry.expected.body);
      count.verdicts += 1;
    }
  }
  count.assertions = count.status + count.headers + count.bodyKeys;
  return count;
}
