// The harness must catch what it claims to: against a tiny server that is sound except for one
// planted bug (testing/fragile-server.ts), a run reports exactly that bug — its failure kind, in
// the categories that provoke it — and nothing else; with no bug planted, nothing at all.
import { describe, expect, it } from 'vitest';
import type { Category } from './case.js';
import { CATEGORIES, category } from './categories/index.js';
import { buildReport, type FailureKind, formatReport, type Report } from './report.js';
import { runHostile } from './run.js';
import { STUB_TIMEOUTS, testKey } from './stub.js';
import type { Bug } from './testing/fragile-server.js';

const SEED = 20261130;
const adminKey = testKey(SEED, 'admin');
const fast = CATEGORIES.filter((c) => !c.slow);
/** The slow category with one case per shape (each waits out its bound against a server that never cuts it). */
const fewSlow: Category = { ...category('slow'), slow: { count: Object.keys(category('slow').shapes).length } };

async function against(bug: Bug, categories: readonly Category[], requests: number): Promise<Report> {
  const result = await runHostile({
    seed: SEED,
    requests,
    categories,
    server: {
      name: `fragile server (${bug})`,
      script: 'reliability/src/testing/fragile-server.ts',
      readyPath: '/',
      env: { FRAGILE_BUG: bug, FRAGILE_ADMIN_KEY: adminKey },
    },
    adminKey,
    otherKey: testKey(SEED, 'other'),
    timeouts: STUB_TIMEOUTS,
    // One at a time: a crash then has exactly one request in flight.
    concurrency: 1,
    deadlineMs: 10_000,
  });
  const report = buildReport(result);
  console.log(formatReport(report, { failuresShown: 5 }));
  return report;
}

const only = (report: Report, kind: FailureKind | undefined) =>
  Object.fromEntries(Object.entries(report.total.counts).filter(([k, n]) => k !== kind && n > 0));
const categoriesWith = (report: Report, kind: FailureKind) => report.rows.filter((r) => r.counts[kind] > 0).map((r) => r.category);

describe('the harness against a fragile server', { timeout: 120_000 }, () => {
  it('reports nothing when no bug is planted', async () => {
    const report = await against('none', [...fast, fewSlow], 220);
    expect(report.failures).toEqual([]);
    expect(report.result.canary.unchanged).toBe(true);
    expect(report.result.health.status).toBe(200);
  });

  it('reports 500s on NUL bytes, in the invalid-bytes category only', async () => {
    const report = await against('nul', fast, 220);
    expect(report.total.counts['5xx']).toBeGreaterThan(0);
    expect(categoriesWith(report, '5xx')).toEqual(['invalid-bytes']);
    expect(only(report, '5xx')).toEqual({});
  });

  it('reports a crash on deep JSON, with deep-json the only suspect, and keeps going after a restart', async () => {
    // Beside huge-json, whose every request is answered: only the crashing request is left unanswered.
    const report = await against('deep', [category('deep-json'), category('huge-json')], 20);
    expect(report.result.crashes.length).toBeGreaterThan(0);
    expect(report.crashSuspects).toEqual(['deep-json']);
    expect(only(report, 'crash')).toEqual({});
    expect(report.result.health.status).toBe(200);
  });

  it('reports text/plain 400s as non-problem 4xx', async () => {
    const report = await against('plain', fast, 220);
    expect(report.total.counts['non-problem 4xx']).toBeGreaterThan(0);
    expect(categoriesWith(report, 'non-problem 4xx')).toContain('truncated-json');
    expect(report.failures.find((f) => f.kind === 'non-problem 4xx')?.detail).toBe('400: Content-Type text/plain');
    expect(only(report, 'non-problem 4xx')).toEqual({});
  });

  it('reports hangs when the server never cuts slow clients off', async () => {
    const report = await against('slow', [fewSlow], 0);
    expect(report.total.counts.hang).toBe(report.total.requests);
    expect(only(report, 'hang')).toEqual({});
  });

  it('reports a polluted Object.prototype through the canary', async () => {
    const report = await against('pollute', [category('prototype-pollution')], 24);
    expect(report.result.canary.unchanged).toBe(false);
    expect(report.result.canary.differences.join('\n')).toMatch(/x-canary/);
    expect(report.failures).toEqual([]);
  });
});
