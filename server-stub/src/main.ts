// `npm run stub`: the reference server on HOST:PORT. Configuration errors are one line and exit 2;
// SIGTERM/SIGINT stop accepting, let in-flight requests finish, close the database, exit 0.
import { createStub } from './app.js';
import { type Config, ConfigError, isLoopbackHost, loadConfig } from './config.js';
import { jsonLogger } from './log.js';

const log = jsonLogger();

function fail(message: string, code: number): never {
  log.flush();
  process.stderr.write(`stub: ${message}\n`);
  process.exit(code);
}

let config: Config;
try {
  config = loadConfig(process.env);
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

try {
  const started = performance.now();
  const stub = await createStub({ config, log });
  const { url } = await stub.listen(config.port, config.host);
  log.info('listening', {
    url,
    db: config.db,
    limit_scale: config.limitScale,
    limit_store: config.limitStore,
    response_validation: config.validateResponses,
    default_keys: config.defaultKeys,
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
      log.flush();
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
