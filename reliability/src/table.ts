// Prints the figures of a `npm run test:reliability` run (reports/reliability.jsonl, written by the
// scenarios through server-stub/src/testing/figures.ts) as one table; exits 1 when there are none.
import { existsSync, readFileSync } from 'node:fs';
import type { FigureRow } from '../../server-stub/src/testing/figures.js';

export function formatTable(rows: readonly FigureRow[]): string {
  const head = ['scenario', 'requests', 'statuses seen', '5xx', 'crashes', 'lost writes', 'over-admissions', 'recovery ms'];
  const cell = (v: number | undefined) => (v === undefined ? '–' : String(v));
  const body = rows.map((r) => [
    r.scenario,
    String(r.requests),
    Object.entries(r.statuses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([s, n]) => `${s}×${n}`)
      .join(' '),
    String(r.unexpected5xx),
    String(r.crashes),
    cell(r.lostWrites),
    cell(r.overAdmissions),
    cell(r.recoveryMs),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.scenario}: ${r.note}`);
  return [
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
    ...(notes.length ? ['', ...notes] : []),
  ].join('\n');
}

export function readRows(file: string): FigureRow[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as FigureRow);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? 'reports/reliability.jsonl';
  const rows = readRows(file);
  if (!rows.length) {
    console.error(`reliability: no figures in ${file} (did the scenarios run with RELIABILITY_FIGURES=${file}?)`);
    process.exit(1);
  }
  console.log(`\nreliability figures (${file})\n${formatTable(rows)}`);
}
