// Parent side of the load generator: forks load-worker.ts once and runs load phases in it, one at
// a time. A phase that outlives its own bounds (duration + request timeout + slack) kills the worker.
import { type ChildProcess, fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../openapi/tools/paths.js';
import type { LoadOptions, LoadResult } from './load.js';

const worker = join(dirname(fileURLToPath(import.meta.url)), 'load-worker.ts');

export interface LoadProcess {
  pid: number;
  run(options: LoadOptions): Promise<LoadResult>;
  close(): Promise<void>;
}

type Reply = { id: number; result: LoadResult } | { id: number; error: string };

export function startLoadProcess(): LoadProcess {
  const child: ChildProcess = fork(worker, [], {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let next = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const run = (options: LoadOptions) =>
    new Promise<LoadResult>((resolve, reject) => {
      const id = ++next;
      const bound = options.durationMs + (options.timeoutMs ?? 10_000) + 15_000;
      const timer = setTimeout(() => {
        cleanup();
        child.kill('SIGKILL');
        reject(new Error(`the load generator did not finish within ${Math.round(bound / 1000)} s`));
      }, bound);
      const onMessage = (reply: Reply) => {
        if (reply.id !== id) return;
        cleanup();
        if ('error' in reply) reject(new Error(reply.error));
        else resolve(reply.result);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`the load generator exited (code ${code})`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ id, options });
    });

  const close = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.disconnect();
      const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(kill);
    }
  };
  return { pid: child.pid!, run, close };
}
