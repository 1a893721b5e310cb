// The given/want tables the check tests are written as: one row per (check, situation), each
// run in-process through the registry, wanting a pass, a skip, "does not apply", or a failure
// whose message says what went wrong.
import { expect, it } from 'vitest';
import { checkById, runChecks } from '../checks/index.js';
import type { CheckContext, Exchange } from '../types.js';

export type Want = 'pass' | 'skip' | 'na' | { fail: string };

export interface VerdictRow {
  check: string;
  given: string;
  ctx: CheckContext;
  ex: Exchange;
  want: Want;
}

/** One test per row; a failure must carry its check's id, title and severity. */
export function verdictTable(rows: readonly VerdictRow[]): void {
  it.each(rows.map((r) => [`${r.check}: ${r.given}`, r] as const))('%s', (_name, row) => {
    const [result] = runChecks([row.check], row.ctx, row.ex);
    if (row.want === 'na') return expect(result).toBeUndefined();
    expect(result, 'the check reported nothing').toBeDefined();
    if (row.want === 'pass') return expect(result, result.message).toMatchObject({ status: 'passed' });
    if (row.want === 'skip') return expect(result.status).toBe('skipped');
    expect(result.status, 'the check passed').toBe('failed');
    expect(result.message).toContain(row.want.fail);
    expect(result.failures?.[0]).toMatchObject({ check: row.check, title: checkById(row.check)?.title, severity: 'error' });
  });
}

/** The checks whose table has at least one failing row. */
export const failingChecks = (rows: readonly VerdictRow[]): Set<string> =>
  new Set(rows.filter((r) => typeof r.want === 'object').map((r) => r.check));
