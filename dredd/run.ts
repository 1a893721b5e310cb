// Runs Dredd 14 against an implementation: writes the derived documents and the plan to a temp
// folder, starts the dredd CLI as a child process with hooks.cjs, and reads back per-transaction
// results. Exported for scripts (`npm start`) and tests; dredd/cli.ts is the command line.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSpec } from '../openapi/tools/spec.js';
import { dreddDocument } from './dredd-spec.js';
import { buildPlan, type DreddPlan } from './plan.js';

const here = dirname(fileURLToPath(import.meta.url));
const dreddBin = join(dirname(createRequire(import.meta.url).resolve('dredd/package.json')), 'bin', 'dredd');

export interface RunDreddOptions {
  /** Base URL of the implementation, e.g. http://127.0.0.1:4000. */
  server: string;
  /** API key sent as `Authorization: Bearer <key>` (an all-scopes test key). */
  key: string;
  /** Ask a Prism mock for each pair with `Prefer: code=…, example=…`. */
  prefer?: boolean;
  /** The bundled spec; generated/openapi.json unless told otherwise. */
  spec?: string;
  /** Receives Dredd's console output, line by line. */
  onOutput?: (line: string) => void;
  /** Kills Dredd when it runs longer (default 10 minutes). */
  timeoutMs?: number;
  /** Kills Dredd when aborted (Ctrl-C of the caller); the run then reports a failure. */
  signal?: AbortSignal;
}

export interface DreddTransactionResult {
  name: string;
  operationId?: string;
  status: string;
  example?: string;
  result: 'pass' | 'fail' | 'skip';
  message: string;
}

export interface DreddRunResult {
  /** 0 all replayed pairs passed, 1 a failure or a Dredd error, 2 server unreachable. */
  exitCode: number;
  dreddExitCode: number | null;
  summary: { passed: number; failed: number; skipped: number; total: number };
  results: DreddTransactionResult[];
  plan: DreddPlan;
  /** Canonical ids of the spec mapped to the ids the server generated. */
  ids: Record<string, string>;
}

/** True when something answers HTTP at `server` (any status). */
export async function reachable(server: string): Promise<boolean> {
  try {
    const res = await fetch(server, { signal: AbortSignal.timeout(5_000) });
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

export async function runDredd(options: RunDreddOptions): Promise<DreddRunResult> {
  const spec = loadSpec(options.spec);
  const plan = buildPlan(spec);
  const empty = { exitCode: 2, dreddExitCode: null, summary: { passed: 0, failed: 0, skipped: 0, total: 0 }, results: [], plan, ids: {} };
  if (!(await reachable(options.server))) return empty;

  const dir = mkdtempSync(join(tmpdir(), 'parley-dredd-'));
  try {
    const documents = plan.documents.map((_, k) => {
      const file = join(dir, `openapi.dredd-${k + 1}.json`);
      writeFileSync(file, JSON.stringify(dreddDocument(spec, k)));
      return file;
    });
    const planFile = join(dir, 'plan.json');
    const resultsFile = join(dir, 'results.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const args = [dreddBin, documents[0], options.server, ...documents.slice(1).flatMap((d) => ['--path', d])];
    args.push('--hookfiles', join(here, 'hooks.cjs'), '--language', 'nodejs', '--loglevel', 'error', '--color', 'false');
    const env = {
      ...process.env,
      PARLEY_DREDD_PLAN: planFile,
      PARLEY_DREDD_KEY: options.key,
      PARLEY_DREDD_RESULTS: resultsFile,
      PARLEY_DREDD_PREFER: options.prefer ? '1' : '0',
    };
    const dreddExitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
      const abort = () => child.kill('SIGTERM');
      if (options.signal?.aborted) abort();
      options.signal?.addEventListener('abort', abort, { once: true });
      const forward = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) options.onOutput?.(line);
      };
      child.stdout.on('data', forward);
      child.stderr.on('data', forward);
      child.once('error', reject);
      child.once('exit', (code) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', abort);
        resolve(code);
      });
    });
    let parsed: { results: DreddTransactionResult[]; ids: Record<string, string> } = { results: [], ids: {} };
    try {
      parsed = JSON.parse(readFileSync(resultsFile, 'utf8'));
    } catch {
      // Dredd stopped before its afterAll hook (a Dredd error): reported through the exit code.
    }
    const count = (r: string) => parsed.results.filter((x) => x.result === r).length;
    const summary = { passed: count('pass'), failed: count('fail'), skipped: count('skip'), total: parsed.results.length };
    const ok = dreddExitCode === 0 && summary.failed === 0 && summary.total > 0;
    return { exitCode: ok ? 0 : 1, dreddExitCode, summary, results: parsed.results, plan, ids: parsed.ids };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
