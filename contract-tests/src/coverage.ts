// How much of the documented contract a run exercised, in three dimensions: operations, documented
// statuses per operation, and example pairs. A unit counts as covered when at least one check ran
// on it (passed or failed); a unit whose every check was skipped is not. `--min-coverage` turns the
// figures into a gate: 90 (every dimension) or `statuses=80,pairs=100` (some).
import type { CaseSummary, CheckResult, OperationSummary } from './types.js';

export const COVERAGE_DIMENSIONS = ['operations', 'statuses', 'pairs'] as const;
export type CoverageDimension = (typeof COVERAGE_DIMENSIONS)[number];

export interface DimensionCoverage {
  covered: number;
  total: number;
  /** 0–100, one decimal; 100 when there is nothing to cover. */
  percent: number;
  /** The units no check ran on: `getAccount`, `getAccount 429`, `getAccount account`. */
  uncovered: string[];
}

export type Coverage = Record<CoverageDimension, DimensionCoverage>;
export type CoverageMinimum = Partial<Record<CoverageDimension, number>>;

const dimension = (units: string[], covered: ReadonlySet<string>): DimensionCoverage => {
  const uncovered = units.filter((u) => !covered.has(u));
  const n = units.length - uncovered.length;
  return { covered: n, total: units.length, percent: units.length ? Math.floor((n / units.length) * 1000) / 10 : 100, uncovered };
};

export function coverageOf(
  operations: readonly OperationSummary[],
  outcomes: ReadonlyArray<{ case: CaseSummary; results: CheckResult[] }>,
): Coverage {
  const ops = new Set<string>();
  const statuses = new Set<string>();
  const pairs = new Set<string>();
  for (const { case: c, results } of outcomes) {
    if (!results.some((r) => r.status !== 'skipped')) continue;
    ops.add(c.operationId);
    statuses.add(`${c.operationId} ${c.status}`);
    if (c.kind === 'example') pairs.add(`${c.operationId} ${c.example}`);
  }
  return {
    operations: dimension(
      operations.map((o) => o.operationId),
      ops,
    ),
    statuses: dimension(
      operations.flatMap((o) => o.statuses.map((s) => `${o.operationId} ${s}`)),
      statuses,
    ),
    pairs: dimension(
      operations.flatMap((o) => o.pairs.map((p) => `${o.operationId} ${p}`)),
      pairs,
    ),
  };
}

/** `90` (every dimension) or `operations=100,statuses=80` (those named); throws a readable message. */
export function parseCoverageMinimum(text: string): CoverageMinimum {
  const percent = (v: string, what: string) => {
    if (!/^\d+(\.\d+)?$/.test(v) || Number(v) > 100)
      throw new Error(`--min-coverage ${what}: ${JSON.stringify(v)} is not a percentage (0–100)`);
    return Number(v);
  };
  if (!text.includes('=')) {
    const p = percent(text.trim(), 'value');
    return Object.fromEntries(COVERAGE_DIMENSIONS.map((d) => [d, p]));
  }
  const out: CoverageMinimum = {};
  for (const part of text.split(',')) {
    const [name, value = ''] = part.split('=').map((s) => s.trim());
    if (!(COVERAGE_DIMENSIONS as readonly string[]).includes(name))
      throw new Error(`--min-coverage: unknown dimension ${JSON.stringify(name)} (one of ${COVERAGE_DIMENSIONS.join(', ')})`);
    out[name as CoverageDimension] = percent(value, name);
  }
  return out;
}

/** One line per dimension below its minimum, naming what is not covered (the first 20). */
export function coverageShortfalls(coverage: Coverage, minimum: CoverageMinimum): string[] {
  return COVERAGE_DIMENSIONS.filter((d) => minimum[d] !== undefined && coverage[d].percent < minimum[d]!).map((d) => {
    const c = coverage[d];
    const more = c.uncovered.length > 20 ? ` … and ${c.uncovered.length - 20} more` : '';
    return `${d} coverage ${c.percent}% (${c.covered}/${c.total}) is below --min-coverage ${minimum[d]}%; not covered: ${c.uncovered.slice(0, 20).join(', ')}${more}`;
  });
}

/** The coverage line every reporter prints. */
export const coverageLine = (c: Coverage) =>
  COVERAGE_DIMENSIONS.map((d) => `${d} ${c[d].covered}/${c[d].total} (${c[d].percent}%)`).join(', ');
