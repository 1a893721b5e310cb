// The servers under measurement, each in its own process on a loopback port (src/ports.ts): the
// reference stub (`npm run stub`'s entry point, configured for the bench), the bare node:http peer,
// the Prism mock (mock/prism.ts) and redis-server for the stub's shared stores. Each resolves once it
// answers its readiness request with 200 — that moment, from spawn, is its start-up time — and stops
// with SIGTERM.
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { startMock } from '../../mock/prism.js';
import { repoRoot } from '../../openapi/tools/paths.js';
import { benchPort } from './ports.js';

export const HOST = '127.0.0.1';

/**
 * How the stub is launched: node with these arguments, from the repository root — `npm run stub`'s
 * launcher, which with NODE_ENV=production (as the bench runs it) serves the plain JavaScript build
 * `npm run build` writes (the bench builds it first: BENCH_BUILDS). Every stub the bench starts
 * (throughput, start-up, suites) goes through it. The growth measurement's stub (stub-on-spec.ts) is
 * a separate entry on purpose: it serves another spec.
 */
export const STUB_COMMAND: readonly string[] = ['scripts/stub.mjs'];

/** What the bench runs as plain JavaScript, built before it measures (scripts/build.ts bundle names). */
export const BENCH_BUILDS: readonly string[] = ['stub', 'bench-bare', 'runner'];

export interface RunningServer {
  name: string;
  url: string;
  pid: number;
  /** From spawn to the first 200 answer to its readiness request, ms. */
  startMs: number;
  /** Further processes whose CPU counts as this server's (redis-server behind a stub). */
  extraPids?: number[];
  stop(): Promise<void>;
}

export interface Readiness {
  path: string;
  headers?: Record<string, string>;
}

export interface StubSettings {
  /** STUB_LIMIT_SCALE: 1 keeps the documented limits. */
  limitScale: number;
  /** A name for the tables (default "stub"). */
  name?: string;
  /** STUB_REDIS_URL (with a redis-server from startRedis). */
  redis?: RunningRedis;
  /** `--workers N` (N > 1 needs a file database: one is made in `db`). */
  workers?: number;
  /** STUB_DB (default :memory:). */
  db?: string;
  /** What must answer 200 before the stub counts as started (default GET /v1/account, no key: any answer). */
  ready?: Readiness;
}

/** The inherited environment minus what configures a server, so a developer's shell cannot skew a run. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env))
    if (name.startsWith('STUB_') || name.startsWith('BENCH_') || name === 'HOST' || name === 'PORT' || name === 'NODE_ENV')
      delete env[name];
  return env;
}

/** Polls `url` every 20 ms until it answers 200 (any answer when `anyStatus`); rejects after `timeoutMs` or when `alive()` is false. */
export async function waitFor200(
  url: string,
  options: { headers?: Record<string, string>; timeoutMs: number; alive?: () => boolean; anyStatus?: boolean },
): Promise<void> {
  const deadline = performance.now() + options.timeoutMs;
  let last = '';
  while (performance.now() < deadline) {
    if (options.alive && !options.alive()) throw new Error(`the process serving ${url} exited before it was ready`);
    try {
      const res = await fetch(url, { headers: options.headers, signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200 || options.anyStatus) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} did not answer 200 within ${options.timeoutMs} ms (${last})`);
}

/** node `args` (relative to the repository root) as a server on a bench port; resolves when `ready` answers 200. */
export async function spawnNodeServer(
  name: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  ready: Readiness & { anyStatus?: boolean },
  options: { stdout?: 'ignore' | 'pipe' } = {},
): Promise<RunningServer & { stdout?: NodeJS.ReadableStream }> {
  const port = await benchPort(HOST);
  const url = `http://${HOST}:${port}`;
  const started = performance.now();
  // stdout (one JSON line per request for the stub) goes to /dev/null: the server still writes it.
  const child = spawn(process.execPath, [...args], {
    cwd: repoRoot,
    env: { ...cleanEnv(), ...env, HOST, PORT: String(port) },
    stdio: ['ignore', options.stdout ?? 'ignore', 'pipe'],
  });
  const tail: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => tail.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (exited()) return;
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.kill('SIGTERM');
    await gone;
    clearTimeout(kill);
  };
  try {
    await waitFor200(url + ready.path, { headers: ready.headers, timeoutMs: 60_000, alive: () => !exited(), anyStatus: ready.anyStatus });
  } catch (err) {
    await stop();
    const why = tail.at(-1) ?? (err as Error).message;
    throw new Error(`${name} did not start: ${why}`);
  }
  return { name, url, pid: child.pid!, startMs: performance.now() - started, stop, stdout: child.stdout ?? undefined };
}

/** The stub as deployed for the bench: production mode (no response validation), in-memory database unless told otherwise. */
export function startStub(settings: StubSettings): Promise<RunningServer> {
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    STUB_DB: settings.db ?? ':memory:',
    STUB_LIMIT_SCALE: String(settings.limitScale),
  };
  if (settings.redis) env.STUB_REDIS_URL = settings.redis.url;
  const args = [...STUB_COMMAND, ...(settings.workers && settings.workers > 1 ? ['--workers', String(settings.workers)] : [])];
  const ready = settings.ready ?? { path: '/v1/account' };
  return spawnNodeServer(settings.name ?? 'stub', args, env, { ...ready, anyStatus: !settings.ready }).then((s) =>
    settings.redis ? { ...s, extraPids: [settings.redis.pid] } : s,
  );
}

/** One recorded answer of the stub: what the bare server sends back byte for byte (less Date and framing headers). */
export interface RecordedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A route of the bare server: `first` answers a request, `replay` (if any) a repeat of the previous request's Idempotency-Key on the same connection. */
export interface BareRoute {
  method: string;
  /** Path without the query string. */
  path: string;
  first: RecordedAnswer;
  replay?: RecordedAnswer;
}

/** A bare node:http server answering each route with the recorded bytes. */
export function startBare(routes: readonly BareRoute[], ready: Readiness): Promise<RunningServer> {
  return spawnNodeServer('bare node:http', ['bench/dist/bare-server.js'], { BENCH_ROUTES: JSON.stringify(routes) }, ready);
}

/** The Prism mock (its default single process); its start-up time is to the first 200 on `ready`, polled every 20 ms. */
export async function startPrism(ready: Readiness): Promise<RunningServer> {
  const port = await benchPort(HOST);
  const started = performance.now();
  let firstOk: number | undefined;
  let settled = false;
  const url = `http://${HOST}:${port}`;
  const poll = waitFor200(url + ready.path, { headers: ready.headers, timeoutMs: 90_000, alive: () => !settled }).then(
    () => (firstOk = performance.now()),
    () => undefined,
  );
  try {
    const mock = await startMock({ host: HOST, port, verboseLevel: 'warn' });
    await poll;
    if (firstOk === undefined) {
      await mock.stop();
      throw new Error(`Prism did not answer ${ready.path} with 200`);
    }
    return { name: 'Prism mock', url: mock.url, pid: mock.pid, startMs: firstOk - started, stop: mock.stop };
  } finally {
    settled = true;
  }
}

export interface RunningRedis {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** redis-server without persistence on a bench port, stopped with `redis-cli shutdown nosave`. */
export async function startRedis(): Promise<RunningRedis> {
  const port = await benchPort(HOST);
  const child = spawn('redis-server', ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`redis-server could not start: ${err.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited (code ${code})`)));
  });
  failed.catch(() => undefined);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const ping = async () => {
    for (let i = 0; i < 250; i++) {
      const ok = await new Promise<boolean>((resolve) =>
        execFile('redis-cli', ['-h', HOST, '-p', String(port), 'ping'], (err, out) => resolve(!err && out.trim() === 'PONG')),
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`redis-server on ${HOST}:${port} did not answer PING`);
  };
  await Promise.race([ping(), failed]);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    execFile('redis-cli', ['-h', HOST, '-p', String(port), 'shutdown', 'nosave'], () => undefined);
    const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await gone;
    clearTimeout(kill);
  };
  return { url: `redis://${HOST}:${port}`, pid: child.pid!, stop };
}

export const repoPath = (relative: string) => join(repoRoot, relative);
