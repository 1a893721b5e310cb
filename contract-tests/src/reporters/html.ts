// A self-contained HTML report for people: the coverage matrix (operations × documented statuses,
// each cell one mark per check: passed, failed, skipped; "not covered" where no case reached a
// documented status), then every failure with its reason and curl. No scripts, no external assets.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type Coverage, coverageLine } from '../coverage.js';
import type { CaseSummary, CheckResult, OperationSummary, Reporter, Summary } from '../types.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Input {
  server: string;
  profile: string;
  seed?: number;
  operations: OperationSummary[];
  checks: string[];
  cases: Array<{ c: CaseSummary; results: CheckResult[] }>;
  summary: Summary;
  coverage?: Coverage;
  durationMs: number;
}

type State = 'passed' | 'failed' | 'skipped';
const worst = (states: State[]): State | undefined =>
  states.includes('failed') ? 'failed' : states.includes('passed') ? 'passed' : states.length ? 'skipped' : undefined;

export function htmlReport(input: Input): string {
  const statuses = [...new Set(input.operations.flatMap((o) => o.statuses))].sort();
  // (operation, status) → check → states
  const cells = new Map<string, Map<string, { states: State[]; messages: string[] }>>();
  for (const { c, results } of input.cases) {
    const key = `${c.operationId} ${c.status}`;
    const byCheck = cells.get(key) ?? new Map();
    cells.set(key, byCheck);
    for (const r of results) {
      const entry = byCheck.get(r.check) ?? { states: [], messages: [] };
      entry.states.push(r.status);
      if (r.message && r.status !== 'passed') entry.messages.push(`${c.id}: ${r.message}`);
      byCheck.set(r.check, entry);
    }
  }
  const rows = input.operations.map((o) => {
    const tds = statuses.map((s) => {
      if (!o.statuses.includes(s)) return '<td class="na"></td>';
      const byCheck = cells.get(`${o.operationId} ${s}`);
      if (!byCheck) return '<td class="nc" title="documented, not covered">not covered</td>';
      const marks = input.checks
        .filter((id) => byCheck.has(id))
        .map((id) => {
          const e = byCheck.get(id)!;
          const state = worst(e.states)!;
          const tip = `${id}: ${state}${e.messages.length ? ` — ${e.messages.slice(0, 3).join(' | ')}` : ''}`;
          return `<i class="${state}" title="${esc(tip)}"></i>`;
        })
        .join('');
      const state = worst([...byCheck.values()].flatMap((e) => e.states));
      if (!marks)
        return `<td class="${state}-cell" title="${esc(
          [...byCheck.values()]
            .flatMap((e) => e.messages)
            .slice(0, 3)
            .join(' | '),
        )}">${state}</td>`;
      return `<td class="${state}-cell">${marks}</td>`;
    });
    return `<tr><th><code>${esc(o.method.toUpperCase())} ${esc(o.path)}</code><br>${esc(o.operationId)}</th>${tds.join('')}</tr>`;
  });
  const failures = input.cases.flatMap(({ c, results }) => results.filter((r) => r.status === 'failed').map((r) => ({ c, r })));
  // Every check with its counts, so properties that span operations (stateful, generated) show too.
  const perCheck = new Map<string, Record<State, number>>();
  for (const { results } of input.cases) {
    for (const r of results) {
      const n = perCheck.get(r.check) ?? { passed: 0, failed: 0, skipped: 0 };
      n[r.status]++;
      perCheck.set(r.check, n);
    }
  }
  const checkRows = input.checks
    .filter((id) => perCheck.has(id))
    .map((id) => {
      const n = perCheck.get(id)!;
      return `<tr><th><code>${esc(id)}</code></th><td class="${worst((Object.keys(n) as State[]).filter((k) => n[k]))}-cell">${n.passed}</td><td>${n.failed}</td><td>${n.skipped}</td></tr>`;
    });
  const ran = input.summary.ran;
  const s = input.summary;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley contract report — ${esc(input.server)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.3rem}table{border-collapse:collapse}th,td{border:1px solid #ddd;padding:3px 5px;vertical-align:top}
thead th{position:sticky;top:0;background:#f6f6f6}tbody th{text-align:left;font-weight:normal;white-space:nowrap}
td.na{background:#fafafa}td.nc{background:#fff4d6;color:#8a6d00;font-size:11px}
td.failed-cell{background:#fde8e8}td.passed-cell{background:#eaf7ea}td.skipped-cell{background:#f3f3f3}
i{display:inline-block;width:9px;height:9px;margin:1px;border-radius:2px}i.passed{background:#2e9d44}i.failed{background:#d93025}i.skipped{background:#bbb}
.summary b{font-size:1.1rem}.fail{border-left:4px solid #d93025;padding:4px 8px;margin:8px 0;background:#fff8f8}
code,pre{font:12px ui-monospace,monospace}pre{white-space:pre-wrap;word-break:break-all;background:#f6f6f6;padding:4px}
</style></head><body>
<h1>Parley API contract report</h1>
<p class="summary">${esc(input.server)} · ${esc(input.profile)} profile · <b>${s.passed}</b> passed · <b style="color:#d93025">${s.failed}</b> failed · <b>${s.skipped}</b> skipped · ${s.cases} cases · ${s.requests} requests · ${(input.durationMs / 1000).toFixed(1)} s</p>
<p>Cases that ran: ${ran.example} examples, ${ran.probe} probes, ${ran.stateful} stateful, ${ran.generated} generated${input.seed !== undefined ? ` · seed ${input.seed} (replay with <code>--seed ${input.seed}</code>)` : ''}</p>
${input.coverage ? `<p>Coverage: ${esc(coverageLine(input.coverage))}</p>` : ''}
<p>Each cell is one documented status of one operation; each mark one check run on the responses of that status (hover for details): <i class="passed"></i> passed <i class="failed"></i> failed <i class="skipped"></i> skipped; <span style="background:#fff4d6">not covered</span> = documented but no case reached it.</p>
<table><thead><tr><th>operation</th>${statuses.map((x) => `<th>${esc(x)}</th>`).join('')}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
<h2>Checks (${checkRows.length})</h2>
<table><thead><tr><th>check</th><th>passed</th><th>failed</th><th>skipped</th></tr></thead><tbody>
${checkRows.join('\n')}
</tbody></table>
<h2>Failures (${failures.length})</h2>
${
  failures
    .map(
      ({ c, r }) =>
        `<div class="fail"><b>${esc(c.id)}</b>${r.observation ? ` (${esc(r.observation)})` : ''} — <code>${esc(r.check)}</code>: ${esc(r.message ?? '')}${(
          r.failures ?? []
        )
          .slice(1)
          .map((f) => `<br>${esc(f.message)}`)
          .join('')}${r.curl ? `<pre>${esc(r.curl)}</pre>` : ''}</div>`,
    )
    .join('\n') || '<p>None.</p>'
}
</body></html>
`;
}

export function htmlReporter(file: string): Reporter {
  let head: Omit<Input, 'cases' | 'summary' | 'durationMs'> = { server: '', profile: '', operations: [], checks: [] };
  const cases: Input['cases'] = [];
  return (event) => {
    if (event.type === 'run-start')
      head = { server: event.server, profile: event.profile, seed: event.seed, operations: event.operations, checks: event.checks };
    if (event.type === 'case-end') cases.push({ c: event.case, results: event.results });
    if (event.type === 'run-end') {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, htmlReport({ ...head, cases, summary: event.summary, coverage: event.coverage, durationMs: event.durationMs }));
    }
  };
}
