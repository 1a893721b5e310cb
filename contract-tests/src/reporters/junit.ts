// JUnit XML: one testsuite per operation, one testcase per (case, check), failures with the
// curl that reproduces them, skips with their reason.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { COVERAGE_DIMENSIONS, type Coverage } from '../coverage.js';
import type { CaseSummary, CheckResult, Reporter } from '../types.js';

/** C0 control characters XML 1.0 forbids (tab, line feed and carriage return are allowed). */
const forbiddenInXml = (ch: string) => {
  const code = ch.charCodeAt(0);
  return code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
};

const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .split('')
    .filter((ch) => !forbiddenInXml(ch))
    .join('');

export function junitXml(
  cases: Array<{ c: CaseSummary; results: CheckResult[]; ms: number }>,
  durationMs: number,
  seed?: number,
  coverage?: Coverage,
): string {
  const bySuite = new Map<string, typeof cases>();
  for (const x of cases) bySuite.set(x.c.operationId, [...(bySuite.get(x.c.operationId) ?? []), x]);
  const all = cases.flatMap((x) => x.results);
  const count = (rs: CheckResult[], s: string) => rs.filter((r) => r.status === s).length;
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="parley-contract" tests="${all.length}" failures="${count(all, 'failed')}" skipped="${count(all, 'skipped')}" time="${(durationMs / 1000).toFixed(3)}">`,
  ];
  for (const [suite, xs] of bySuite) {
    const rs = xs.flatMap((x) => x.results);
    out.push(
      `  <testsuite name="${esc(suite)}" tests="${rs.length}" failures="${count(rs, 'failed')}" skipped="${count(rs, 'skipped')}" time="${(xs.reduce((t, x) => t + x.ms, 0) / 1000).toFixed(3)}">`,
    );
    // The run's seed and coverage, repeated on each suite (JUnit keeps properties per suite).
    const props = [
      ...(seed !== undefined ? [['seed', String(seed)]] : []),
      ...(coverage ? COVERAGE_DIMENSIONS.map((d) => [`coverage.${d}`, `${coverage[d].percent}`]) : []),
    ];
    if (props.length) out.push(`    <properties>${props.map(([n, v]) => `<property name="${n}" value="${v}"/>`).join('')}</properties>`);
    for (const { c, results, ms } of xs) {
      for (const r of results) {
        const name = `${c.kind !== 'example' ? c.id.slice(c.operationId.length + 1) : c.example}${r.observation ? ` (${r.observation})` : ''} › ${r.check}`;
        const head = `    <testcase classname="${esc(c.operationId)}" name="${esc(name)}" time="${(ms / 1000 / Math.max(1, results.length)).toFixed(3)}"`;
        if (r.status === 'passed') out.push(`${head}/>`);
        else if (r.status === 'skipped') out.push(`${head}><skipped message="${esc(r.message ?? '')}"/></testcase>`);
        else {
          const detail = [
            ...(r.failures ?? []).map((f) => `${f.message}${f.pointer ? ` (at ${f.pointer})` : ''}`),
            r.curl ? `\nReproduce: ${r.curl}` : '',
          ].join('\n');
          out.push(`${head}><failure message="${esc(r.message ?? '')}" type="${esc(r.check)}">${esc(detail)}</failure></testcase>`);
        }
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

export function junitReporter(file: string): Reporter {
  const cases: Array<{ c: CaseSummary; results: CheckResult[]; ms: number }> = [];
  let seed: number | undefined;
  return (event) => {
    if (event.type === 'run-start') seed = event.seed;
    if (event.type === 'case-end') cases.push({ c: event.case, results: event.results, ms: event.durationMs });
    if (event.type === 'run-end') {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, junitXml(cases, event.durationMs, seed, event.coverage));
    }
  };
}
