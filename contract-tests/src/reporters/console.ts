// Progress while running (one mark per case), then one line per failure with its reason and the
// curl command that reproduces it, then the summary.
import { coverageLine } from '../coverage.js';
import type { CaseSummary, CheckResult, Reporter } from '../types.js';

export interface ConsoleOptions {
  write?: (text: string) => void;
  /** Show each case's id as it ends instead of one mark per case. */
  verbose?: boolean;
  color?: boolean;
}

export function consoleReporter(options: ConsoleOptions = {}): Reporter {
  const write = options.write ?? ((t: string) => process.stdout.write(t));
  const color = options.color ?? Boolean(process.stdout.isTTY);
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const failures: Array<{ c: CaseSummary; r: CheckResult }> = [];
  let column = 0;
  let total = 0;
  let done = 0;
  let seed = 0;
  return (event) => {
    switch (event.type) {
      case 'run-start':
        total = event.cases;
        seed = event.seed;
        write(
          `Contract run against ${event.server} (${event.profile} profile): ${event.operations.length} operations, ${event.cases} cases, ${event.checks.length} checks\n`,
        );
        write(`  seed ${event.seed} (replay with --seed ${event.seed}), ${event.generate} generated inputs per operation and kind\n`);
        break;
      case 'note':
        if (column) write('\n');
        column = 0;
        write(paint(2, `  · ${event.message}\n`));
        break;
      case 'case-end': {
        done++;
        const failed = event.results.filter((r) => r.status === 'failed');
        for (const r of failed) failures.push({ c: event.case, r });
        const mark = failed.length ? paint(31, 'F') : event.results.every((r) => r.status === 'skipped') ? paint(33, 's') : paint(32, '.');
        if (options.verbose) write(`${mark} ${event.case.id}${failed.length ? ` — ${failed[0].check}: ${failed[0].message}` : ''}\n`);
        else {
          write(mark);
          if (++column === 80 || done === total) {
            write(` ${done}/${total}\n`);
            column = 0;
          }
        }
        break;
      }
      case 'run-end': {
        if (column) write('\n');
        if (failures.length) write(`\n${paint(31, `${failures.length} failed checks:`)}\n`);
        for (const { c, r } of failures) {
          write(`${paint(31, '✗')} ${c.id}${r.observation ? ` (${r.observation})` : ''} [${r.check}] ${r.message ?? ''}\n`);
          if (r.curl) write(paint(2, `    ${r.curl}\n`));
        }
        const s = event.summary;
        write(
          `\n${s.failed ? paint(31, `${s.failed} failed`) : paint(32, '0 failed')}, ${s.passed} passed, ${s.skipped} skipped — ${s.cases} cases, ${s.requests} requests, ${(event.durationMs / 1000).toFixed(1)} s\n`,
        );
        write(
          `cases that ran: ${s.ran.example} examples, ${s.ran.probe} probes, ${s.ran.stateful} stateful, ${s.ran.generated} generated; seed ${seed}\n`,
        );
        write(`coverage: ${coverageLine(event.coverage)}\n`);
        break;
      }
    }
  };
}
