// GitHub Actions output: an `::error` workflow command per failed check, pointing at the operation's
// file and the line of the documented status in openapi/ (with the failure and its curl), and a
// Markdown summary appended to $GITHUB_STEP_SUMMARY: the totals, the coverage, the failures. The
// commands are written at the end of the run, each on a line of its own (a workflow command must
// start a line, and the console's progress dots share the stream).
import { appendFileSync } from 'node:fs';
import { operationSource, type SourceLocation } from '../../../openapi/tools/sources.js';
import { COVERAGE_DIMENSIONS } from '../coverage.js';
import type { CaseSummary, CheckResult, Reporter } from '../types.js';

export interface GithubOptions {
  write: (s: string) => void;
  /** $GITHUB_STEP_SUMMARY, when set. */
  summaryFile?: string;
  sourceOf?: (operationId: string, status: string) => SourceLocation | undefined;
}

/** Workflow-command escaping: data escapes %, CR, LF; properties also `:` and `,`. */
const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function annotation(c: CaseSummary, r: CheckResult, at: SourceLocation | undefined): string {
  const where = at ? `file=${property(at.file)},line=${at.line},` : '';
  const text = `${c.id}${r.observation ? ` (${r.observation})` : ''}: ${r.message ?? 'failed'}${r.curl ? `\n${r.curl}` : ''}`;
  return `::error ${where}title=${property(`contract: ${r.check}`)}::${data(text)}\n`;
}

export function githubReporter(options: GithubOptions): Reporter {
  const sourceOf = options.sourceOf ?? operationSource;
  const failures: Array<{ c: CaseSummary; r: CheckResult }> = [];
  let server = '';
  return (event) => {
    if (event.type === 'run-start') server = event.server;
    if (event.type === 'case-end') for (const r of event.results) if (r.status === 'failed') failures.push({ c: event.case, r });
    if (event.type !== 'run-end') return;
    if (failures.length) options.write(`\n${failures.map(({ c, r }) => annotation(c, r, sourceOf(c.operationId, c.status))).join('')}`);
    if (options.summaryFile) {
      const s = event.summary;
      const cov = event.coverage;
      const lines = [
        `## Parley contract: ${s.failed ? `❌ ${s.failed} failed` : '✅ 0 failed'}`,
        '',
        `${server} · ${s.passed} passed · ${s.failed} failed · ${s.skipped} skipped · ${s.cases} cases · ${s.requests} requests`,
        '',
        '| coverage | covered | total | % |',
        '|---|---|---|---|',
        ...COVERAGE_DIMENSIONS.map((d) => `| ${d} | ${cov[d].covered} | ${cov[d].total} | ${cov[d].percent} |`),
        '',
        ...(failures.length
          ? [
              '| case | check | why |',
              '|---|---|---|',
              ...failures.slice(0, 100).map(({ c, r }) => `| ${cell(c.id)} | \`${r.check}\` | ${cell(r.message ?? '')} |`),
              ...(failures.length > 100 ? ['', `… and ${failures.length - 100} more (see the JSON or SARIF report)`] : []),
            ]
          : []),
        '',
      ];
      appendFileSync(options.summaryFile, `${lines.join('\n')}\n`);
    }
  };
}
