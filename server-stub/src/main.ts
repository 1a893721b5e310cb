// `npm run stub [-- --workers N]`: the reference server on HOST:PORT. Configuration errors are one
// line and exit 2; SIGTERM/SIGINT stop accepting, let in-flight requests finish, close the
// database, exit 0. With several workers this process is the cluster's primary (cluster.ts) and
// each worker runs this file again as one stub.
import cluster from 'node:cluster';
import { createStub } from './app.js';
import { runPrimary } from './cluster.js';
import { type Config, ConfigError, isLoopbackHost, loadConfig } from './config.js';
import { jsonLogger } from './log.js';

// A cluster worker's lines say which worker (and process) wrote them.
const worker = cluster.isWorker ? cluster.worker?.id : undefined;
const log = jsonLogger(undefined, worker === undefined ? {} : { worker, pid: process.pid });

function fail(message: string, code: number): never {
  log.flush();
  process.stderr.write(`stub: ${message}\n`);
  process.exit(code);
}

let config: Config;
try {
  config = loadConfig(process.env, process.argv.slice(2));
} catch (err) {
  if (err instanceof ConfigError) fail(err.message, 2);
  throw err;
}

if (config.defaultKeys && !isLoopbackHost(config.host)) {
  fail(
    `refusing to listen on ${config.host} with the documented default admin keys; set STUB_ADMIN_KEY and STUB_OTHER_ADMIN_KEY (pl_test_ + at least 32 base62 characters) or use a loopback HOST`,
    2,
  );
}

process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { error: String((reason as Error)?.stack ?? reason) }));

if (config.workers > 1 && cluster.isPrimary) {
  const exit = await runPrimary(config, log);
  if (exit.message) fail(exit.message, exit.code);
  log.info('stopped');
  await log.drain();
  process.exit(exit.code);
}

try {
  const started = performance.now();
  // Only the first worker of a cluster recovers interrupted webhook attempts (see cluster.ts).
  const stub = await createStub({ config, log, recoverDeliveries: worker === undefined || worker === 1 });
  const { url } = await stub.listen(config.port, config.host);
  log.info(worker === undefined ? 'listening' : 'worker listening', {
    url,
    db: config.db,
    limit_scale: config.limitScale,
    limit_store: config.limitStore,
    redis: config.redisUrl !== null,
    response_validation: config.validateResponses,
    default_keys: config.defaultKeys,
    // `npm run build`'s plain JavaScript (production) or the TypeScript sources through tsx.
    code: import.meta.url.endsWith('.ts') ? 'typescript' : 'build',
    ready_ms: Math.round(performance.now() - started),
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    try {
      await stub.close();
      log.info('stopped');
      await log.drain();
      process.exit(0);
    } catch (err) {
      fail(`shutdown failed: ${(err as Error).message}`, 1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
} catch (err) {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') fail(`${config.host}:${config.port} is already in use (set PORT)`, 1);
  if (e.code === 'EACCES') fail(`not allowed to listen on ${config.host}:${config.port}`, 1);
  fail(e.message ?? String(err), 1);
}
