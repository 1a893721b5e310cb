// A run's records judged and tabulated: per category the requests, bytes, statuses seen, and the
// failures that must be zero (5xx, error answers that are not problem+json, hangs, drops, crashes),
// then memory, the canary and the ordinary request after the run.
import type { RequestRecord } from './client.js';
import type { RunResult } from './run.js';

export type FailureKind = '5xx' | 'non-problem 4xx' | 'hang' | 'drop' | 'crash';

export interface Failure {
  kind: FailureKind;
  category: string;
  shape: string;
  detail: string;
}

export interface CategoryRow {
  category: string;
  requests: number;
  bytesSent: number;
  /** `400`, `closed`, `timeout` … → count. */
  seen: Map<string, number>;
  counts: Record<FailureKind, number>;
  maxMs: number;
}

export interface Report {
  rows: CategoryRow[];
  total: CategoryRow;
  failures: Failure[];
  /** Categories with a request in flight at a crash (the suspects). */
  crashSuspects: string[];
  memoryGrowthKiB: number;
  result: RunResult;
}

const KINDS: FailureKind[] = ['5xx', 'non-problem 4xx', 'hang', 'drop', 'crash'];
/** A close this close to a crash's exit is the crash, not a drop (the socket closes before `exit` is seen). */
const CRASH_SLACK_MS = 500;

const ended = (r: RequestRecord) => r.startedAt + r.ms;

function seenAs(r: RequestRecord): string {
  switch (r.outcome.kind) {
    case 'answer':
    case 'lingered':
      return String(r.outcome.status);
    case 'closed':
      return r.outcome.partial ? 'partial' : 'closed';
    default:
      return r.outcome.kind;
  }
}

/** What, if anything, this record shows to be wrong. */
export function judge(r: RequestRecord, crashWindows: ReadonlyArray<{ from: number; to: number }>): Failure | undefined {
  const at = { category: r.category, shape: r.shape };
  const o = r.outcome;
  if (o.kind === 'answer') {
    if (o.status >= 500) return { kind: '5xx', ...at, detail: `${o.status} ${o.contentType ?? ''}`.trim() };
    if (o.status >= 400 && o.fault) return { kind: 'non-problem 4xx', ...at, detail: `${o.status}: ${o.fault}` };
    return undefined;
  }
  if (o.kind === 'timeout' || o.kind === 'lingered') {
    const what = o.kind === 'timeout' ? 'no answer and no close' : `answered ${o.status}, then held the idle connection open`;
    return { kind: 'hang', ...at, detail: `${what} after ${r.ms} ms` };
  }
  if (crashWindows.some((w) => ended(r) >= w.from && r.startedAt <= w.to)) return { kind: 'crash', ...at, detail: 'cut off by a crash' };
  if (o.kind === 'closed' && o.partial) return { kind: 'drop', ...at, detail: 'closed in the middle of a response' };
  if (r.owed === 'answer')
    return {
      kind: 'drop',
      ...at,
      detail:
        o.kind === 'refused' ? 'connection refused' : `closed without an answer${o.kind === 'closed' && o.error ? ` (${o.error})` : ''}`,
    };
  return undefined;
}

function emptyRow(category: string): CategoryRow {
  return {
    category,
    requests: 0,
    bytesSent: 0,
    seen: new Map(),
    counts: { '5xx': 0, 'non-problem 4xx': 0, hang: 0, drop: 0, crash: 0 },
    maxMs: 0,
  };
}

export function buildReport(result: RunResult): Report {
  const windows = result.crashes.map((c) => ({ from: c.at - CRASH_SLACK_MS, to: c.back }));
  const rows = new Map<string, CategoryRow>();
  const total = emptyRow('total');
  const failures: Failure[] = [];
  for (const r of result.records) {
    const row = rows.get(r.category) ?? emptyRow(r.category);
    rows.set(r.category, row);
    const failure = judge(r, windows);
    for (const target of [row, total]) {
      target.requests++;
      target.bytesSent += r.bytesSent;
      const seen = seenAs(r);
      target.seen.set(seen, (target.seen.get(seen) ?? 0) + 1);
      target.maxMs = Math.max(target.maxMs, r.ms);
      if (failure) target.counts[failure.kind]++;
    }
    if (failure) failures.push(failure);
  }
  const suspects = new Set<string>();
  // In flight at a crash: started before it, ended around it, and not answered.
  for (const c of result.crashes)
    for (const r of result.records)
      if (r.startedAt <= c.at && ended(r) >= c.at - CRASH_SLACK_MS && r.outcome.kind !== 'answer') suspects.add(r.category);
  return {
    rows: [...rows.values()].sort((a, b) => a.category.localeCompare(b.category)),
    total,
    failures,
    crashSuspects: [...suspects].sort(),
    memoryGrowthKiB: result.memory.peakKiB - result.memory.startKiB,
    result,
  };
}

const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;

function statuses(seen: Map<string, number>): string {
  return [...seen]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
}

/** The table and the lines under it, as printed after a run. */
export function formatReport(report: Report, options: { failuresShown?: number } = {}): string {
  const { result } = report;
  const head = ['category', 'requests', 'KiB sent', '5xx', 'non-problem 4xx', 'hangs', 'drops', 'crashes', 'max ms', 'statuses seen'];
  const line = (r: CategoryRow) => [
    r.category,
    String(r.requests),
    String(Math.round(r.bytesSent / 1024)),
    ...KINDS.map((k) => String(r.counts[k])),
    String(r.maxMs),
    statuses(r.seen),
  ];
  const body = [...report.rows.map(line), line(report.total)];
  const widths = head.map((h, i) => Math.max(h.length, ...body.slice(0).map((b) => (i === head.length - 1 ? 0 : b[i].length))));
  const fmt = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === cells.length - 1 ? c : i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const sep = `|${widths.map((w, i) => (i === head.length - 1 ? '---' : '-'.repeat(w + 2))).join('|')}|`;
  const out = [
    `hostile run against ${result.server}: seed ${result.seed}, ${report.total.requests} requests in ${(result.ms / 1000).toFixed(1)} s`,
    '',
    fmt(head),
    sep,
    ...body.slice(0, -1).map(fmt),
    fmt(body.at(-1)!.map((c, i) => (i === 0 ? `**${c}**` : c))),
    '',
    `RSS: start ${mib(result.memory.startKiB)}, peak ${mib(result.memory.peakKiB)}, end ${mib(result.memory.endKiB)} (peak − start ${mib(report.memoryGrowthKiB)})`,
    `crashes: ${result.crashes.length}${report.crashSuspects.length ? ` (in flight: ${report.crashSuspects.join(', ')})` : ''}`,
    ...result.crashes.map((c) => `  exit ${c.code ?? c.signal}: ${c.stderr.join(' / ').slice(0, 300)}`),
    `canary: ${result.canary.unchanged ? 'unchanged' : 'CHANGED'}`,
    ...result.canary.differences.map((d) => `  ${d}`),
    `after the run: ${result.health.request} → ${result.health.status || 'no answer'}`,
  ];
  if (result.errorLog.length > 0) {
    out.push('server error log:');
    for (const e of result.errorLog) out.push(`  ${e.count}× ${e.msg}: ${e.example.slice(0, 240)}`);
  }
  const shown = options.failuresShown ?? 15;
  if (report.failures.length > 0) {
    const distinct = new Map<string, { f: Failure; n: number }>();
    for (const f of report.failures) {
      const key = `${f.kind} ${f.category}/${f.shape} ${f.detail}`;
      const entry = distinct.get(key);
      if (entry) entry.n++;
      else distinct.set(key, { f, n: 1 });
    }
    out.push(`failures (${report.failures.length}, ${distinct.size} distinct):`);
    for (const { f, n } of [...distinct.values()].slice(0, shown)) out.push(`  ${n}× ${f.kind} — ${f.category}/${f.shape}: ${f.detail}`);
  }
  out.push(`reproduce: RELIABILITY_SEED=${result.seed} npm run test:reliability`);
  return out.join('\n');
}
