// `--workers N` / STUB_WORKERS=N: N stub processes behind one port (node:cluster; the primary
// accepts and hands connections round-robin). They share every piece of state: the SQLite file
// (STUB_DB) and the limit windows and idempotency records (Redis, or the file with
// STUB_LIMIT_STORE=sqlite); config.ts refuses per-process state. The primary serves nothing: it
// checks Redis once, starts worker 1 alone (it migrates and seeds the file and recovers interrupted
// webhook attempts), then the others, prints one `listening` line, replaces a worker that dies, and
// on SIGTERM/SIGINT stops them all gracefully.
import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { connectRedis } from './store/redis.js';

/** A worker that has not exited this long after SIGTERM is killed (its own drain takes ≤ 10 s). */
const STOP_TIMEOUT_MS = 15_000;
/** Pause before replacing a worker that died, so a crash loop does not spin. */
const REFORK_DELAY_MS = 1_000;

export interface PrimaryExit {
  /** Print this on stderr (one line) before exiting, when set. */
  message?: string;
  code: number;
}

/** Runs the primary until the workers are gone; resolves with how to exit. */
export async function runPrimary(config: Config, log: Logger): Promise<PrimaryExit> {
  // One readable line for an unreachable Redis, instead of one per worker.
  if (config.redisUrl) {
    const redis = connectRedis(config.redisUrl);
    try {
      await redis.ready(5_000);
    } catch (err) {
      return { message: (err as Error).message, code: 1 };
    } finally {
      await redis.close();
    }
  }

  return new Promise<PrimaryExit>((resolve) => {
    const listening = new Set<number>();
    let ready = false;
    let stopping = false;
    let exitCode = 0;
    let url = '';

    // Our own list: cluster.workers may still hold a worker whose 'exit' event is being emitted.
    const live = new Set<Worker>();
    const alive = () => [...live];
    const fork = () => live.add(cluster.fork());
    const finish = (code: number) => {
      if (alive().length === 0) resolve({ code });
    };
    const stop = (signal: string, code: number) => {
      if (stopping) return;
      stopping = true;
      exitCode = code;
      log.info('shutting down', { signal, workers: alive().map((w) => w.process.pid) });
      for (const w of alive()) w.process.kill('SIGTERM');
      setTimeout(() => {
        for (const w of alive()) w.process.kill('SIGKILL');
      }, STOP_TIMEOUT_MS).unref();
      finish(exitCode);
    };

    cluster.on('listening', (worker, address) => {
      listening.add(worker.id);
      if (!url) {
        const host = address.addressType === 6 ? `[${address.address}]` : address.address;
        url = `http://${host}:${address.port}`;
      }
      if (ready) {
        log.info('worker replaced', { worker: worker.id, pid: worker.process.pid });
      } else if (worker.id === 1) {
        // Worker 1 has migrated and seeded the file: the others can start without racing it.
        for (let i = 1; i < config.workers; i++) fork();
      } else if (listening.size === config.workers) {
        ready = true;
        log.info('listening', {
          url,
          workers: config.workers,
          pids: alive().map((w) => w.process.pid),
          db: config.db,
          limit_store: config.limitStore,
          redis: config.redisUrl !== null,
        });
      }
    });

    cluster.on('exit', (worker, code, signal) => {
      live.delete(worker);
      listening.delete(worker.id);
      if (stopping) {
        if (code !== 0 && signal !== 'SIGTERM') exitCode = exitCode || 1;
        return finish(exitCode);
      }
      if (!ready) {
        // It printed its reason on stderr; the others stop and the primary exits with its code.
        log.error('worker failed to start', { worker: worker.id, pid: worker.process.pid, code, signal });
        return stop('start-up failure', code || 1);
      }
      log.error('worker exited', { worker: worker.id, pid: worker.process.pid, code, signal });
      setTimeout(() => {
        if (!stopping) fork();
      }, REFORK_DELAY_MS);
    });

    process.on('SIGTERM', () => stop('SIGTERM', 0));
    process.on('SIGINT', () => stop('SIGINT', 0));
    fork();
  });
}
