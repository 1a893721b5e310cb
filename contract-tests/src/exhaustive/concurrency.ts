// The exact concurrency limit (ARCHITECTURE.md §4): a burst of creates on a quiet account is admitted up to
// the documented limit, not one more (no check-then-insert race) and not one less. Pure.

export interface ConcurrencyEvidence {
  limit: number;
  /** Items of the collection before the run; undefined when that snapshot did not run. */
  before?: number;
  sent: number;
  admitted: number;
  /** Status and code of each refusal. */
  refusals: Array<{ status: number; code?: string }>;
  /** The documented refusal's code (CONCURRENCY_LIMIT). */
  code?: string;
}

export function concurrencyProblems(ev: ConcurrencyEvidence): string[] {
  const out: string[] = [];
  // Items from before the run may be active: only "not more than the limit" can be shown then.
  const exact = ev.before === 0;
  if (ev.admitted > ev.limit) {
    out.push(`${ev.sent} creates sent at once were admitted ${ev.admitted} times; the documented limit is ${ev.limit}`);
  } else if (exact && ev.admitted < ev.limit) {
    out.push(
      `on an account with nothing active, ${ev.sent} creates sent at once were admitted only ${ev.admitted} times; ` +
        `the documented limit is ${ev.limit}`,
    );
  }
  const wrong = ev.refusals.filter((r) => r.status !== 429 || (ev.code !== undefined && r.code !== ev.code));
  if (wrong.length) {
    const shown = wrong.slice(0, 3).map((r) => `${r.status} ${r.code ?? ''}`.trim());
    out.push(`refusals must be 429${ev.code ? ` ${ev.code}` : ''}; received ${shown.join(', ')}`);
  }
  return out;
}
