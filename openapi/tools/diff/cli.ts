// `npm run diff -- --base <git ref | file> [--head <git ref | file>] [--format text|json|github]
//   [--changelog FILE] [--accepted FILE]` and `npm run diff -- --history [--changelog FILE]`.
// Exit 0: no unaccepted breaking change (or the major version went up); 1: one there is; 2: bad input.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ACCEPTED_FILE, readAccepted } from './accepted.js';
import { diffSpecs } from './diff.js';
import { formatGithub, formatJson, formatText, markdownChanges, verdict } from './format.js';
import { historyChangelog, specCommits, walkHistory } from './history.js';
import { git, InputError, loadSide } from './load.js';
import { RULES } from './rules/index.js';

const FORMATS = ['text', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

export interface DiffIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
}

/** The CLI in-process: the exit code; output goes through `io`, one line per call. */
export function main(argv: string[], io: DiffIo): number {
  try {
    return diffCommand(argv, io);
  } catch (err) {
    // Bad input is one line, never a stack trace.
    const message =
      err instanceof InputError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
        ? (err as Error).message
        : `unexpected error: ${(err as Error).message}`;
    io.err(`diff: ${message.split('\n')[0]}`);
    return 2;
  }
}

function diffCommand(argv: string[], io: DiffIo): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      format: { type: 'string' },
      changelog: { type: 'string' },
      accepted: { type: 'string' },
      history: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const format = (values.format ?? (io.env.GITHUB_ACTIONS === 'true' ? 'github' : 'text')) as Format;
  if (!FORMATS.includes(format)) throw new InputError(`--format ${values.format}: one of ${FORMATS.join(', ')}`);
  const accepted = readAccepted(values.accepted ?? ACCEPTED_FILE, new Set(RULES.map((r) => r.id)));

  if (values.history) {
    const history = specCommits();
    if (!history.ok) {
      io.out(`diff --history: skipped, ${history.reason}`);
      return 0;
    }
    const steps = walkHistory(history.commits, accepted);
    let failed = 0;
    for (const s of steps) {
      const title = s.commit
        ? `${s.commit.slice(0, 7)} ${git(['log', '-1', '--format=%s', s.commit]).trim().slice(0, 72)}`
        : 'working tree';
      if (format === 'github') {
        const annotations = formatGithub(s.report);
        if (annotations) io.out(annotations);
      } else if (format === 'text') io.out(`${formatText(s.report, title)}\n`);
      if (s.report.failed) failed++;
    }
    if (format === 'json')
      io.out(
        JSON.stringify(
          steps.map((s) => ({
            commit: s.commit ?? null,
            fingerprint: s.fingerprint,
            ...JSON.parse(formatJson(s.report, s.from.label, s.to.label)),
          })),
          null,
          2,
        ),
      );
    if (values.changelog) writeFileSync(values.changelog, historyChangelog(steps));
    if (format !== 'json')
      io.out(
        `history: ${steps.length} step(s) of ${history.commits.length} committed version(s); ${failed ? `${failed} with an unaccepted breaking change` : 'every breaking change accepted'}`,
      );
    return failed ? 1 : 0;
  }

  if (values.base === undefined) throw new InputError('--base <git ref | file> is required (or --history)');
  const base = loadSide(values.base, '--base');
  const head = loadSide(values.head, '--head');
  // An acceptance names the commit that made the change: any commit between the base and the head.
  const commits = base.commit
    ? git(['rev-list', `${base.commit}..${head.commit ?? 'HEAD'}`])
        .split('\n')
        .filter(Boolean)
    : [];
  let report: ReturnType<typeof diffSpecs>;
  try {
    report = diffSpecs(base.spec, head.spec, { accepted, commits });
  } catch (err) {
    throw new InputError(`cannot read the contract of ${base.label} or ${head.label}: ${(err as Error).message}`);
  }
  if (format === 'json') io.out(formatJson(report, base.label, head.label));
  else if (format === 'github') {
    const annotations = formatGithub(report);
    if (annotations) io.out(annotations);
    io.out(verdict(report));
  } else io.out(formatText(report, `diff ${base.label} → ${head.label}`));
  if (values.changelog) writeFileSync(values.changelog, `## ${report.baseVersion} → ${report.headVersion}\n\n${markdownChanges(report)}`);
  return report.failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.exitCode = main(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    env: process.env,
  });
