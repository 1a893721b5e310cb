// Starts and stops the Prism mock (ARCHITECTURE.md §9) serving the bundled spec. Prism runs as a child
// process (it is heavy: ~240 MiB) so that stopping it frees everything; callers get its URL.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bundledJson } from '../openapi/tools/paths.js';
import { freePort } from './free-port.js';
import { waitForHttp } from './wait-http.js';

export const MOCK_DEFAULT_HOST = '127.0.0.1';
export const MOCK_DEFAULT_PORT = 4010;

export interface StartMockOptions {
  host?: string;
  /** 0 (the default) picks a free port; `npm run mock` passes 4010. */
  port?: number;
  /** The document Prism serves; the bundled JSON unless told otherwise. */
  spec?: string;
  /** Prism's own log level; `warn` keeps a test quiet, `info` logs every request. */
  verboseLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  /** Receives every line Prism prints (stdout and stderr). */
  onLog?: (line: string) => void;
  timeoutMs?: number;
}

export interface MockServer {
  url: string;
  host: string;
  port: number;
  pid: number;
  /** Stops Prism (SIGTERM, then SIGKILL after 5 s); resolves when the process has exited. */
  stop(): Promise<void>;
}

const prismCli = createRequire(import.meta.url).resolve('@stoplight/prism-cli/dist/index.js');

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export async function startMock(options: StartMockOptions = {}): Promise<MockServer> {
  const host = options.host ?? MOCK_DEFAULT_HOST;
  const port = options.port || (await freePort(host));
  const spec = options.spec ?? bundledJson;
  if (!existsSync(spec)) throw new Error(`cannot find the spec ${spec} (run npm run generate)`);

  const child = spawn(
    process.execPath,
    [prismCli, 'mock', spec, '--host', host, '--port', String(port), '--verboseLevel', options.verboseLevel ?? 'warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
      options.onLog?.(line);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);

  // If the parent exits without calling stop(), Prism must not outlive it.
  const killOnExit = () => {
    if (!exited(child)) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const stop = () =>
    new Promise<void>((resolve) => {
      process.removeListener('exit', killOnExit);
      if (exited(child)) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });

  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    await waitForHttp(url, { timeoutMs: options.timeoutMs ?? 60_000, alive: () => !exited(child) });
  } catch (err) {
    await stop();
    throw new Error(`Prism did not start on ${url}: ${(err as Error).message}\n${tail.slice(-10).join('\n')}`);
  }
  return { url, host, port, pid: child.pid!, stop };
}
