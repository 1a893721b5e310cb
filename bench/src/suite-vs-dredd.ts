// The full contract suite (its CLI, a cold process) against the stub vs Dredd (dredd/run.ts, also a
// cold process) and vs Specmatic (specmatic.ts, a cold JVM) against the stub: wall time and checks
// made. Every run gets a fresh stub process with an in-memory database. The suite runs against the
// documented limits (×1: its rate-limit probes check them, and a scaled stub rightly fails them);
// Dredd and Specmatic against limits ×100, as in dredd/README, so Dredd's hooks never wait for a
// window (at ×1 it waits for minutes) and Specmatic is never refused with a 429: the comparison
// gives the peers their fastest setting.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDredd } from '../../dredd/run.js';
import { repoRoot } from '../../openapi/tools/paths.js';
import { DEFAULT_ADMIN_KEY, DEFAULT_OTHER_ADMIN_KEY } from '../../server-stub/src/config.js';
import { countDreddChecks, type DreddCheckCount } from './dredd-checks.js';
import { benchPort } from './ports.js';
import { HOST, type RunningServer, startStub } from './servers.js';
import { runSpecmatic, type SpecmaticRun } from './specmatic.js';
import { median } from './stats.js';

export const SUITE_LIMIT_SCALE = 1;
export const DREDD_LIMIT_SCALE = 100;
export const SPECMATIC_LIMIT_SCALE = 100;

export interface SuiteRound {
  wallMs: number;
  exitCode: number;
  passed: number;
  failed: number;
  skipped: number;
  cases: number;
  requests: number;
}

export interface DreddRound {
  wallMs: number;
  exitCode: number;
  passed: number;
  failed: number;
  skipped: number;
  checks: DreddCheckCount;
}

export interface SuiteVsDredd {
  contract: { rounds: SuiteRound[]; wallMs: number; checks: number; failedChecks: number };
  dredd: { rounds: DreddRound[]; wallMs: number; checks: DreddCheckCount; failedTransactions: number };
  /** Absent when Specmatic was not run (--specmatic-rounds 0). */
  specmatic?: { rounds: SpecmaticRun[]; wallMs: number; tests: number; checks: number; failedTests: number };
}

async function withStub<T>(limitScale: number, body: (stub: RunningServer) => Promise<T>): Promise<T> {
  const stub = await startStub({ limitScale });
  try {
    return await body(stub);
  } finally {
    await stub.stop();
  }
}

/** One contract-suite run: `npm run contract`'s entry point as a child process. */
async function contractRound(stub: RunningServer): Promise<SuiteRound> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const json = join(dir, 'contract.json');
  try {
    const args = [
      // The packaged runner's plain JavaScript (npm run build), as another team runs it.
      join(repoRoot, 'contract-tests/dist/cli.js'),
      '--server',
      stub.url,
      '--key',
      DEFAULT_ADMIN_KEY,
      '--other-key',
      DEFAULT_OTHER_ADMIN_KEY,
      '--json',
      json,
      // The webhook receiver on a bench port (BENCH_PORT_RANGE), not any free one.
      '--receiver',
      `${HOST}:${await benchPort(HOST)}`,
    ];
    const started = performance.now();
    const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
      const killOnExit = () => child.kill('SIGKILL');
      process.once('exit', killOnExit);
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
      child.once('error', reject);
      child.once('exit', (c) => {
        clearTimeout(timer);
        process.removeListener('exit', killOnExit);
        resolve({ code: c ?? 1, stderr });
      });
    });
    const wallMs = performance.now() - started;
    if (code === 2) throw new Error(`the contract suite could not run: ${stderr.trim().split('\n').at(-1) ?? `exit ${code}`}`);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { summary: Omit<SuiteRound, 'wallMs' | 'exitCode'> };
    const { passed, failed, skipped, cases, requests } = report.summary;
    return { wallMs, exitCode: code, passed, failed, skipped, cases, requests };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function dreddRound(stub: RunningServer): Promise<DreddRound> {
  const started = performance.now();
  const run = await runDredd({ server: stub.url, key: DEFAULT_ADMIN_KEY, timeoutMs: 300_000 });
  const wallMs = performance.now() - started;
  if (run.exitCode === 2 || run.summary.total === 0) throw new Error(`Dredd could not run against ${stub.url} (exit ${run.dreddExitCode})`);
  return { wallMs, exitCode: run.exitCode, ...run.summary, checks: countDreddChecks(run.plan, run.results) };
}

async function specmaticRound(stub: RunningServer): Promise<SpecmaticRun> {
  return runSpecmatic({ server: stub.url, key: DEFAULT_ADMIN_KEY, timeoutMs: 300_000 });
}

export async function measureSuiteVsDredd(rounds: number, say: (line: string) => void, specmaticRounds = 1): Promise<SuiteVsDredd> {
  const suite: SuiteRound[] = [];
  const dredd: DreddRound[] = [];
  const specmatic: SpecmaticRun[] = [];
  for (let r = 0; r < specmaticRounds; r++) {
    const x = await withStub(SPECMATIC_LIMIT_SCALE, specmaticRound);
    specmatic.push(x);
    say(
      `round ${r + 1}/${specmaticRounds} Specmatic: ${(x.wallMs / 1000).toFixed(1)} s, ${x.executed} tests (${x.failures + x.errors} failed), ${x.checks} checks`,
    );
  }
  for (let r = 0; r < rounds; r++) {
    const runSuite = async () => {
      const x = await withStub(SUITE_LIMIT_SCALE, contractRound);
      suite.push(x);
      say(
        `round ${r + 1}/${rounds} contract suite: ${(x.wallMs / 1000).toFixed(1)} s, ${x.passed + x.failed} checks (${x.failed} failed, ${x.skipped} skipped), ${x.requests} requests`,
      );
    };
    const runDreddRound = async () => {
      const x = await withStub(DREDD_LIMIT_SCALE, dreddRound);
      dredd.push(x);
      say(
        `round ${r + 1}/${rounds} Dredd: ${(x.wallMs / 1000).toFixed(1)} s, ${x.checks.transactions} transactions (${x.failed} failed), ${x.checks.assertions} assertions`,
      );
    };
    // Alternate which goes first, so neither always runs on the machine the other just warmed.
    if (r % 2 === 0) {
      await runSuite();
      await runDreddRound();
    } else {
      await runDreddRound();
      await runSuite();
    }
  }
  const medianCount = (pick: (c: DreddCheckCount) => number) => median(dredd.map((d) => pick(d.checks)));
  return {
    contract: {
      rounds: suite,
      wallMs: median(suite.map((x) => x.wallMs)),
      checks: median(suite.map((x) => x.passed + x.failed)),
      failedChecks: suite.reduce((n, x) => n + x.failed, 0),
    },
    dredd: {
      rounds: dredd,
      wallMs: median(dredd.map((x) => x.wallMs)),
      checks: {
        transactions: medianCount((c) => c.transactions),
        status: medianCount((c) => c.status),
        headers: medianCount((c) => c.headers),
        bodyKeys: medianCount((c) => c.bodyKeys),
        assertions: medianCount((c) => c.assertions),
        verdicts: medianCount((c) => c.verdicts),
      },
      failedTransactions: dredd.reduce((n, x) => n + x.failed, 0),
    },
    ...(specmatic.length
      ? {
          specmatic: {
            rounds: specmatic,
            wallMs: median(specmatic.map((x) => x.wallMs)),
            tests: median(specmatic.map((x) => x.executed)),
            checks: median(specmatic.map((x) => x.checks)),
            failedTests: median(specmatic.map((x) => x.failures + x.errors)),
          },
        }
      : {}),
  };
}
