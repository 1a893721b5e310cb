// npm run contract -- --server URL --key ADMIN_KEY [--other-key KEY] [--profile full|mock]
//   [--spec FILE] [--only PATTERN] [--concurrency N] [--timeout MS] [--junit FILE] [--json FILE] [--html FILE]
//   [--receiver HOST:PORT] [--no-webhooks] [--min-coverage P|DIM=P,…] [--fail-on-skip] [--sarif FILE] [--github]
// Every flag also reads CONTRACT_<FLAG> (CONTRACT_SERVER, CONTRACT_KEY, CONTRACT_OTHER_KEY …).
// Exit 0 all passed, 1 a check failed, 2 bad usage, unreadable spec, unreachable server.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { packagedRunnerDir } from '../../openapi/tools/paths.js';
import { type CoverageMinimum, parseCoverageMinimum } from './coverage.js';
import { buildPlan, PHASE_NAMES } from './plan/index.js';
import { consoleReporter, githubReporter, htmlReporter, jsonReporter, junitReporter, sarifReporter } from './reporters/index.js';
import { DEFAULTS, receiverOf, run, UsageError } from './runner.js';
import { isSpecUrl, loadSpecFrom } from './spec-source.js';
import type { Profile, Reporter } from './types.js';
import { RUNNER } from './version.js';

const usage = (program: string) => `usage: ${program} --server URL --key ADMIN_KEY [options]

  --server URL        base URL of the implementation (CONTRACT_SERVER)
  --key KEY           an all-scopes test-mode key of the account under test (CONTRACT_KEY)
  --other-key KEY     a key of a second account, for cross-account probes (CONTRACT_OTHER_KEY)
  --profile P         full (default) or mock: only what a stateless mock honours (CONTRACT_PROFILE)
  --spec FILE|URL     the bundled spec, JSON or YAML, a file or an http(s) URL
                      (default generated/openapi.json) (CONTRACT_SPEC)
  --only PATTERN      cases whose id or operationId matches, with what they need (CONTRACT_ONLY)
  --concurrency N     cases in flight at once (default 8) (CONTRACT_CONCURRENCY)
  --timeout MS        per-request deadline (default 10000) (CONTRACT_TIMEOUT)
  --max-exhaust N     largest rate limit the exhaustion probes spend requests on (default 1000)
  --seed N            seed of the generated inputs (default: random, printed) (CONTRACT_SEED)
  --generate N        generated inputs per operation and kind, 0 = none (default 4) (CONTRACT_GENERATE)
  --receiver HOST:PORT  where the webhook receiver listens; the server must be able to POST to it
                      (default 127.0.0.1 on a free port) (CONTRACT_RECEIVER)
  --no-webhooks       do not register endpoints nor wait for deliveries (CONTRACT_NO_WEBHOOKS=1)
  --min-coverage P    exit 1 when coverage of operations, documented statuses or example pairs is below
                      P percent; or per dimension: operations=100,statuses=80,pairs=100 (CONTRACT_MIN_COVERAGE)
  --fail-on-skip      exit 1 when any check was skipped (CONTRACT_FAIL_ON_SKIP=1)
  --junit FILE  --json FILE  --html FILE    reports (CONTRACT_JUNIT, CONTRACT_JSON, CONTRACT_HTML)
  --sarif FILE        SARIF 2.1.0 for code scanning, one rule per check id (CONTRACT_SARIF)
  --github            ::error annotations at the operation's file and line in openapi/, and a Markdown
                      summary in $GITHUB_STEP_SUMMARY (on by itself when GITHUB_ACTIONS=true)
  --verbose           one line per case        --dry-run   print the plan and exit
  --version           the runner's version and the version of the spec it carries
`;

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  env: Record<string, string | undefined>;
  signals?: boolean;
  /** How usage lines name the command: `npm run contract --` in the repository, `parley-contract` installed. */
  program?: string;
}

const FLAGS = {
  server: { type: 'string' },
  key: { type: 'string' },
  'other-key': { type: 'string' },
  profile: { type: 'string' },
  spec: { type: 'string' },
  only: { type: 'string' },
  concurrency: { type: 'string' },
  timeout: { type: 'string' },
  'max-exhaust': { type: 'string' },
  seed: { type: 'string' },
  generate: { type: 'string' },
  receiver: { type: 'string' },
  'no-webhooks': { type: 'boolean' },
  'min-coverage': { type: 'string' },
  'fail-on-skip': { type: 'boolean' },
  junit: { type: 'string' },
  json: { type: 'string' },
  html: { type: 'string' },
  sarif: { type: 'string' },
  github: { type: 'boolean' },
  verbose: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const USAGE = usage(io.program ?? 'npm run contract --');
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, options: FLAGS, allowPositionals: false, strict: true }).values;
  } catch (err) {
    io.err(`contract: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (values.version) {
    io.out(`${RUNNER.name} ${RUNNER.version} (spec ${await specVersion()})\n`);
    return 0;
  }
  const get = (flag: string) => (values[flag] as string | undefined) ?? io.env[`CONTRACT_${flag.toUpperCase().replace(/-/g, '_')}`];
  const int = (flag: string) => {
    const v = get(flag);
    if (v === undefined || v === '') return undefined;
    if (!/^\d+$/.test(v)) throw new UsageError(`--${flag} must be a positive integer, not ${JSON.stringify(v)}`);
    return Number(v);
  };
  const profile = (get('profile') ?? 'full') as Profile;
  const noWebhooks = values['no-webhooks'] === true || /^(1|true|yes)$/i.test(io.env.CONTRACT_NO_WEBHOOKS ?? '');
  const failOnSkip = values['fail-on-skip'] === true || /^(1|true|yes)$/i.test(io.env.CONTRACT_FAIL_ON_SKIP ?? '');
  try {
    let minCoverage: CoverageMinimum | undefined;
    try {
      minCoverage = get('min-coverage') === undefined ? undefined : parseCoverageMinimum(get('min-coverage')!);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const receiver = receiverOf(get('receiver'));
    const specArg = get('spec');
    const specFile = specArg ? (isSpecUrl(specArg) ? specArg : resolve(specArg)) : undefined;
    if (values['dry-run']) {
      const spec = await loadSpecFrom(specFile);
      const plan = buildPlan(spec, {
        profile,
        otherKey: Boolean(get('other-key')),
        only: get('only'),
        seed: int('seed') ?? 0,
        generate: int('generate') ?? DEFAULTS.generate,
        webhooks: !noWebhooks,
      });
      for (const c of plan.cases)
        io.out(
          `${PHASE_NAMES[c.phase].padEnd(12)} ${c.id}${c.skip ? `  [skip: ${c.skip}]` : ''}${c.after.length ? `  after: ${c.after.join(', ')}` : ''}\n`,
        );
      io.out(`${plan.cases.length} cases\n`);
      return 0;
    }
    const server = get('server');
    if (!server) throw new UsageError('--server (or CONTRACT_SERVER) is required');
    const reporters: Reporter[] = [consoleReporter({ write: io.out, verbose: Boolean(values.verbose) })];
    if (get('junit')) reporters.push(junitReporter(resolve(get('junit')!)));
    if (get('json')) reporters.push(jsonReporter(resolve(get('json')!)));
    if (get('html')) reporters.push(htmlReporter(resolve(get('html')!)));
    if (get('sarif')) reporters.push(sarifReporter(resolve(get('sarif')!)));
    if (values.github === true || io.env.GITHUB_ACTIONS === 'true')
      reporters.push(githubReporter({ write: io.out, summaryFile: io.env.GITHUB_STEP_SUMMARY || undefined }));
    const controller = new AbortController();
    let interrupts = 0;
    const onSignal = () => {
      if (++interrupts > 1) process.exit(130);
      io.err('\ncontract: interrupted — cleaning up and revoking minted keys (Ctrl-C again to quit now)\n');
      controller.abort();
    };
    if (io.signals) {
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    }
    const result = await run({
      server,
      key: get('key'),
      otherKey: get('other-key'),
      profile,
      spec: specFile,
      only: get('only'),
      concurrency: int('concurrency'),
      timeoutMs: int('timeout'),
      maxExhaust: int('max-exhaust'),
      seed: int('seed'),
      generate: int('generate'),
      webhooks: !noWebhooks,
      receiver,
      reporters,
      signal: controller.signal,
      minCoverage,
      failOnSkip,
    });
    if (io.signals) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    if (result.error) io.err(`contract: ${result.error.split('\n')[0]}\n`);
    for (const gate of result.gates) io.err(`contract: ${gate}\n`);
    return result.exitCode;
  } catch (err) {
    io.err(`contract: ${err instanceof UsageError ? err.message : (err as Error).stack}\n`);
    return 2;
  }
}

async function specVersion(): Promise<string> {
  try {
    const spec = await loadSpecFrom();
    return `${spec.info?.title ?? 'untitled'} ${spec.info?.version ?? 'unversioned'}`;
  } catch (err) {
    return `unreadable: ${(err as Error).message}`;
  }
}

/** Runs the CLI in this process: `npm run contract` here, `parley-contract` from the package (bin.ts). */
export function runCli(program?: string): void {
  main(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    env: process.env,
    signals: true,
    program,
  }).then((code) => {
    process.exitCode = code;
  });
}

// Run as `npm run contract`. In the packaged bundle this module shares the bin's URL and bin.ts runs
// the CLI already: a second run here would start a second suite against the same server.
if (!packagedRunnerDir && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runCli();
