// The server under test as a child process on a free loopback port: started through its entry point
// (`node --import tsx <script>`), watched for crashes (an exit nobody asked for is recorded and the
// server restarted on the same port, so one crash does not hide what the rest of the run finds), its
// resident memory sampled from /proc, and its error log lines counted.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '../../openapi/tools/paths.js';
import type { Address } from './client.js';

export interface ServerSpec {
  name: string;
  /** Run as `node --import tsx <script>` from the repository root, with HOST and PORT set. */
  script: string;
  env: Record<string, string>;
  /** Answered (any status) once the server accepts requests. */
  readyPath: string;
}

export interface Crash {
  /** Epoch ms of the exit. */
  at: number;
  /** Epoch ms the restarted server answered again. */
  back: number;
  code: number | null;
  signal: string | null;
  /** The last lines it wrote to stderr. */
  stderr: string[];
}

export interface Memory {
  startKiB: number;
  peakKiB: number;
  endKiB: number;
}

export interface ServerProcess {
  address: Address;
  url: string;
  /** Resolves once a server answers (after a restart, the new one). */
  ready(): Promise<void>;
  /** After a connection closed or refused without an answer: gives a dying server time to be seen dead, then waits for its restart. */
  afterLoss(): Promise<void>;
  crashes: Crash[];
  /** Error-level log lines by message (JSON-line loggers; anything else is ignored). */
  errorLog: Map<string, { count: number; example: string }>;
  /** Marks the start of the measured part: memory is reported from here. */
  markStart(): void;
  memory(): Memory;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** The inherited environment minus what configures a server, so a developer's shell cannot skew a run. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env))
    if (name.startsWith('STUB_') || name.startsWith('FRAGILE_') || ['HOST', 'PORT', 'NODE_ENV'].includes(name)) delete env[name];
  return env;
}

function rssKiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // gone (between a crash and its restart)
  }
}

async function untilAnswers(url: string, alive: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error('exited before it answered');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`did not answer ${url} within ${timeoutMs} ms`);
}

export async function startServer(spec: ServerSpec): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://${HOST}:${port}`;
  const crashes: Crash[] = [];
  const errorLog = new Map<string, { count: number; example: string }>();
  let child: ChildProcess | undefined;
  let stderr: string[] = [];
  let stopping = false;
  let measuring = false;
  let memory: Memory = { startKiB: 0, peakKiB: 0, endKiB: 0 };
  let up: Promise<void> = Promise.resolve();

  const onLine = (line: string) => {
    if (!line.includes('"level":"error"')) return;
    let msg = 'error';
    try {
      const parsed = JSON.parse(line) as { msg?: unknown; status?: unknown; error?: unknown };
      msg = parsed.msg === 'request' ? `request answered ${String(parsed.status)}` : String(parsed.msg);
      // One entry per distinct error (its first line), not per message.
      if (typeof parsed.error === 'string') msg += `: ${parsed.error.split('\n')[0].slice(0, 160)}`;
    } catch {
      // not JSON: counted under 'error'
    }
    const entry = errorLog.get(msg);
    if (entry) entry.count++;
    else errorLog.set(msg, { count: 1, example: line.slice(0, 600) });
  };

  const spawnOne = async (): Promise<void> => {
    stderr = [];
    const proc = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, spec.script)], {
      cwd: repoRoot,
      env: { ...cleanEnv(), ...spec.env, HOST, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let partial = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop()!;
      for (const line of lines) onLine(line);
    });
    proc.stderr!.on('data', (chunk: Buffer) => {
      stderr.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (stderr.length > 40) stderr = stderr.slice(-20);
    });
    proc.once('exit', (code, signal) => {
      if (stopping) return;
      const crash: Crash = { at: Date.now(), back: Number.POSITIVE_INFINITY, code, signal, stderr: stderr.slice(-8) };
      crashes.push(crash);
      up = spawnOne().then(() => {
        crash.back = Date.now();
      });
      up.catch(() => undefined);
    });
    await untilAnswers(url + spec.readyPath, () => proc.exitCode === null && proc.signalCode === null);
  };

  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);
  up = spawnOne();
  try {
    await up;
  } catch (err) {
    stopping = true;
    child?.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 100)); // what it wrote on its way out
    throw new Error(`${spec.name} did not start: ${stderr[0] ?? (err as Error).message}`);
  }

  const sampler = setInterval(() => {
    if (!measuring) return;
    memory.peakKiB = Math.max(memory.peakKiB, rssKiB(child?.pid));
  }, 50);
  sampler.unref();

  return {
    address: { host: HOST, port },
    url,
    ready: () => up,
    async afterLoss() {
      await new Promise((r) => setTimeout(r, 250));
      await up;
    },
    crashes,
    errorLog,
    markStart() {
      const now = rssKiB(child?.pid);
      memory = { startKiB: now, peakKiB: now, endKiB: now };
      measuring = true;
    },
    memory() {
      memory.endKiB = rssKiB(child?.pid);
      memory.peakKiB = Math.max(memory.peakKiB, memory.endKiB);
      return { ...memory };
    },
    async stop() {
      stopping = true;
      clearInterval(sampler);
      process.removeListener('exit', killOnExit);
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      const kill = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      proc.kill('SIGTERM');
      await gone;
      clearTimeout(kill);
    },
  };
}
