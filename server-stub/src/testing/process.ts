// The stub as `npm run stub` runs it (main.ts in a child process on a loopback port), for tests that
// need a real process: start-up refusals, signals, `kill -9` and restarts on the same database file.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../../openapi/tools/paths.js';

export interface Child {
  proc: ChildProcess;
  url: string;
  port: number;
  stdout: string[];
  stderr: string;
  exited: Promise<number | null>;
}

/** A fresh SQLite file in its own temporary folder. */
export const tempDb = () => join(mkdtempSync(join(tmpdir(), 'stub-e2e-')), 'stub.sqlite');

/** Spawns main.ts with `env` over the test defaults (loopback, an ephemeral port, NODE_ENV=test). */
export function run(env: Record<string, string>): {
  proc: ChildProcess;
  stdout: string[];
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server-stub/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  let partial = '';
  proc.stdout!.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    stdout.push(...lines);
  });
  proc.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, stdout, stderr: () => stderr, exited };
}

/** Spawns the stub and waits (20 s at most) for its "listening" line. */
export async function start(env: Record<string, string>): Promise<Child> {
  const r = run(env);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const line = r.stdout.find((l) => l.includes('"msg":"listening"'));
    if (line) {
      const { url } = JSON.parse(line);
      return { proc: r.proc, url, port: Number(new URL(url).port), stdout: r.stdout, stderr: r.stderr(), exited: r.exited };
    }
    if (r.proc.exitCode !== null) throw new Error(`stub exited ${r.proc.exitCode}: ${r.stderr()}`);
    await new Promise((res) => setTimeout(res, 25));
  }
  r.proc.kill('SIGKILL');
  throw new Error('stub did not start within 20 s');
}
