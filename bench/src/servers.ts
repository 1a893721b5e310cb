// The servers under measurement, each in its own process on a free loopback port: the reference
// stub (`npm run stub`'s entry point, configured for the bench), the bare node:http peer, and the
// Prism mock (mock/prism.ts). Each resolves once it answers HTTP and stops with SIGTERM.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../mock/free-port.js';
import { startMock } from '../../mock/prism.js';
import { waitForHttp } from '../../mock/wait-http.js';
import { repoRoot } from '../../openapi/tools/paths.js';

export const HOST = '127.0.0.1';

export interface RunningServer {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface StubSettings {
  /** STUB_LIMIT_SCALE: 1 keeps the documented limits. */
  limitScale: number;
}

/** The inherited environment minus what configures a server, so a developer's shell cannot skew a run. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env))
    if (name.startsWith('STUB_') || name === 'HOST' || name === 'PORT' || name === 'NODE_ENV') delete env[name];
  return env;
}

async function spawnNodeServer(name: string, script: string, env: NodeJS.ProcessEnv, readyPath: string): Promise<RunningServer> {
  const port = await freePort(HOST);
  const url = `http://${HOST}:${port}`;
  // stdout (one JSON line per request for the stub) goes to /dev/null: the server still writes it.
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, script)], {
    cwd: repoRoot,
    env: { ...cleanEnv(), ...env, HOST, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
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
    await waitForHttp(url + readyPath, { timeoutMs: 30_000, alive: () => !exited() });
  } catch (err) {
    await stop();
    const why = tail.at(-1) ?? (err as Error).message;
    throw new Error(`${name} did not start: ${why}`);
  }
  return { name, url, pid: child.pid!, stop };
}

/** The stub as deployed for the bench: production mode (no response validation), in-memory database. */
export function startStub(settings: StubSettings): Promise<RunningServer> {
  return spawnNodeServer(
    'stub',
    'server-stub/src/main.ts',
    { NODE_ENV: 'production', STUB_DB: ':memory:', STUB_LIMIT_SCALE: String(settings.limitScale) },
    '/v1/account',
  );
}

/** A bare node:http server answering every request with `body`. */
export function startBare(body: string): Promise<RunningServer> {
  return spawnNodeServer('bare node:http', 'bench/src/bare-server.ts', { BENCH_BODY: body }, '/');
}

export async function startPrism(): Promise<RunningServer> {
  const mock = await startMock({ host: HOST, verboseLevel: 'warn' });
  return { name: 'Prism mock', url: mock.url, pid: mock.pid, stop: mock.stop };
}
