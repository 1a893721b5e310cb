// Test support: `npm run stub`'s entry point (main.ts) as a child process on loopback, its JSON log
// lines collected as they come, ready once it prints `listening` (with several workers: once the
// primary says all are up).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../../openapi/tools/paths.js';

/** A fresh SQLite file in its own temporary folder. */
export const tempDb = () => join(mkdtempSync(join(tmpdir(), 'stub-e2e-')), 'stub.sqlite');

/** This process's environment without the stub's own settings (a developer's shell may export some), plus `env`. */
function stubEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('STUB_')));
  return { ...inherited, HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'test', ...env };
}

export interface StubProcess {
  proc: ChildProcess;
  url: string;
  port: number;
  /** Every stdout line so far (JSON log lines). */
  stdout: string[];
  stderr: () => string;
  exited: Promise<number | null>;
  /** The parsed log lines with this `msg`. */
  lines(msg: string): Array<Record<string, unknown>>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Runs main.ts to its exit (start-up refusals): the exit code and what it wrote on stderr. */
export async function runStubProcess(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stderr: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server-stub/src/main.ts', ...args], {
    cwd: repoRoot,
    env: stubEnv(env),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => proc.on('exit', (c) => resolve(c)));
  return { code, stderr };
}

export async function startStubProcess(env: Record<string, string>, args: string[] = [], timeoutMs = 60_000): Promise<StubProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server-stub/src/main.ts', ...args], {
    cwd: repoRoot,
    env: stubEnv(env),
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
  const lines = (msg: string) =>
    stdout.filter((l) => l.includes(`"msg":${JSON.stringify(msg)}`)).map((l) => JSON.parse(l) as Record<string, unknown>);

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [listening] = lines('listening');
    if (listening) {
      return {
        proc,
        url: String(listening.url),
        port: Number(new URL(String(listening.url)).port),
        stdout,
        stderr: () => stderr,
        exited,
        lines,
        stop: async () => {
          if (proc.exitCode === null) proc.kill('SIGTERM');
          return exited;
        },
      };
    }
    if (proc.exitCode !== null) throw new Error(`stub exited ${proc.exitCode}: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill('SIGKILL');
  throw new Error(`stub did not start within ${timeoutMs} ms: ${stderr}`);
}
