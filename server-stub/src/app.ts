// The stub, assembled once from generated/openapi.json: stores, seed data, the compiled pipeline,
// and the ways to drive it (node:http `handle`, in-process `inject`, a real `listen`).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type inject from 'light-my-request';
import { contractModel } from '../../openapi/tools/contract-model.js';
import type { Spec } from '../../openapi/tools/spec.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import type { Stores } from './context.js';
import { onCheckExpectation, onClientError, serverOptions } from './http/transport.js';
import { type Logger, silentLogger } from './log.js';
import { secretHasher } from './middleware/auth/secrets.js';
import { RedisIdempotencyStore } from './middleware/idempotency/redis-store.js';
import { responseSealer } from './middleware/idempotency/seal.js';
import { SqliteIdempotencyStore } from './middleware/idempotency/sqlite-store.js';
import { DEFAULT_TIMES, type IdempotencyStore } from './middleware/idempotency/store.js';
import { compilePolicies } from './middleware/limits/policies.js';
import { RedisLimitStore } from './middleware/limits/redis-store.js';
import { SqliteLimitStore } from './middleware/limits/sqlite-store.js';
import { type LimitStore, MemoryLimitStore } from './middleware/limits/store.js';
import { type CompiledOperation, compileOperations } from './pipeline/compile.js';
import { createPipeline, type HandlerMap, type RecordEvent } from './pipeline/handle.js';
import { createRouter } from './pipeline/router.js';
import { type SeedNumbers, seed } from './seed.js';
import { AccountStore } from './store/accounts.js';
import { ApiKeyStore, type Scope } from './store/api-keys.js';
import { type Db, openDatabase } from './store/db.js';
import { connectRedis, type RedisConnection } from './store/redis.js';
import { ResourceStore } from './store/resources.js';
import { keyPepper } from './store/settings.js';
import { webhookDispatcher } from './webhooks/wiring.js';

export interface StubOptions {
  /** Over the defaults of loadConfig({}) (no environment is read here). */
  config?: Partial<Config>;
  /** The bundled spec (default: generated/openapi.json). */
  spec?: Spec;
  /** The handler map (default: handlers/index.ts). With a custom map, seedNumbers and recordEvent default to no-ops. */
  handlers?: HandlerMap;
  seedNumbers?: SeedNumbers;
  recordEvent?: RecordEvent;
  limitStore?: LimitStore;
  idempotencyStore?: IdempotencyStore;
  log?: Logger;
  /** The clock (epoch ms); tests move it to cross window boundaries. */
  now?: () => number;
  /**
   * Record webhook attempts left `in_flight` as interrupted at start (default). A cluster's later
   * workers pass false: the in-flight attempts on the shared file are the first worker's, alive.
   */
  recoverDeliveries?: boolean;
}

/** How long start-up waits for STUB_REDIS_URL to answer before giving up. */
const REDIS_START_TIMEOUT_MS = 5_000;

export interface Stub {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  inject(options: inject.InjectOptions | string): Promise<inject.Response>;
  /** Starts a server; resolves with its address (port 0 picks a free one). */
  listen(port?: number, host?: string): Promise<{ host: string; port: number; url: string }>;
  /** Stops accepting, lets in-flight requests finish, closes the stores and the database. */
  close(): Promise<void>;
  stores: Stores;
  db: Db;
  config: Config;
  operations: readonly CompiledOperation[];
  limits: LimitStore;
  idempotency: IdempotencyStore;
}

async function defaultModules(): Promise<{ handlers: HandlerMap; seedNumbers: SeedNumbers; recordEvent: RecordEvent }> {
  const [index, numbers, webhooks] = await Promise.all([
    import('./handlers/index.js'),
    import('./handlers/numbers.js'),
    import('./handlers/webhooks.js'),
  ]);
  return { handlers: index.handlers as unknown as HandlerMap, seedNumbers: numbers.seedNumbers, recordEvent: webhooks.recordEvent };
}

export async function createStub(options: StubOptions = {}): Promise<Stub> {
  const config: Config = { ...loadConfig({}), ...options.config };
  const contract = contractModel(options.spec);
  const none = () => undefined;
  const modules = options.handlers
    ? { handlers: options.handlers, seedNumbers: options.seedNumbers ?? none, recordEvent: options.recordEvent ?? none }
    : {
        ...(await defaultModules()),
        ...(options.seedNumbers ? { seedNumbers: options.seedNumbers } : {}),
        ...(options.recordEvent ? { recordEvent: options.recordEvent } : {}),
      };

  const policies = compilePolicies(contract.policies.values(), config.limitScale);
  const operations = compileOperations(contract, { policies, validateResponses: config.validateResponses });
  const log = options.log ?? silentLogger;
  const wantsRedis = (!options.limitStore && config.limitStore === 'redis') || (!options.idempotencyStore && config.redisUrl !== null);
  if (wantsRedis && config.redisUrl === null) throw new ConfigError('STUB_LIMIT_STORE=redis needs STUB_REDIS_URL');
  let redis: RedisConnection | undefined;
  if (wantsRedis && config.redisUrl !== null) {
    redis = connectRedis(config.redisUrl, { log });
    try {
      await redis.ready(REDIS_START_TIMEOUT_MS);
    } catch (err) {
      await redis.close();
      throw err;
    }
  }
  const db = openDatabase(config.db, { busyTimeoutMs: config.dbBusyTimeoutMs });
  const now = options.now ?? Date.now;
  const resources = new ResourceStore(db);
  const pepper = keyPepper(db, config.keyPepper);
  const stores: Stores = {
    accounts: new AccountStore(db),
    keys: new ApiKeyStore(db, secretHasher(pepper)),
    resources,
    deliveries: webhookDispatcher(db, resources, contract.webhookDelivery, config, now),
  };
  seed(db, stores, {
    secrets: [config.adminKey, config.otherAdminKey],
    scopes: contract.scopes.map((s) => s.name as Scope),
    now: new Date(now()),
    seedNumbers: modules.seedNumbers,
  });

  // Deliveries left pending (or cut off by a crash) by an earlier process on this file resume now.
  stores.deliveries.start({ recoverInterrupted: options.recoverDeliveries ?? true });

  const limits =
    options.limitStore ??
    (redis && config.limitStore === 'redis'
      ? new RedisLimitStore(redis)
      : config.limitStore === 'sqlite'
        ? new SqliteLimitStore(db)
        : new MemoryLimitStore());
  // Completed records always commit in SQLite with the handler's writes (the durable record); with
  // Redis, claims (in-flight markers) and a replay copy live there too, beside the windows.
  const times = { ...DEFAULT_TIMES, leaseMs: config.idempotencyLeaseSeconds * 1000 };
  const outcomes = new SqliteIdempotencyStore(db, times);
  const idempotency = options.idempotencyStore ?? (redis ? new RedisIdempotencyStore(redis, times) : outcomes);
  let server: Server | undefined;
  let closing = false;
  const handle = createPipeline({
    route: createRouter(operations),
    stores,
    contract,
    handlers: modules.handlers,
    recordEvent: modules.recordEvent,
    limits,
    authFailures: contract.authFailures ? policies.get(contract.authFailures.name) : undefined,
    idempotency,
    outcomes,
    sealer: responseSealer(pepper),
    trustedProxies: config.trustedProxies,
    validateResponses: config.validateResponses,
    now,
    log,
    closing: () => closing,
  });

  async function listen(port = config.port, host = config.host) {
    const s = createServer(serverOptions(config.timeouts), (req, res) => void handle(req, res));
    // Unparsable HTTP never reaches the pipeline, nor an unmet Expect: they are answered as problems too.
    s.on('clientError', onClientError);
    s.on('checkExpectation', onCheckExpectation);
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, host, () => {
        s.off('error', reject);
        resolve();
      });
    });
    server = s;
    const address = s.address() as AddressInfo;
    const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return { host: address.address, port: address.port, url: `http://${urlHost}:${address.port}` };
  }

  async function close() {
    closing = true;
    if (server) {
      const s = server;
      await new Promise<void>((resolve) => {
        // Idle keep-alive sockets are closed now and whenever a busy one becomes idle; anything
        // still open after 10 s is cut.
        const sweep = setInterval(() => s.closeIdleConnections(), 50);
        const force = setTimeout(() => s.closeAllConnections(), 10_000);
        s.close(() => {
          clearInterval(sweep);
          clearTimeout(force);
          resolve();
        });
        s.closeIdleConnections();
      });
    }
    await stores.deliveries.stop();
    await limits.close();
    await idempotency.close();
    await redis?.close();
    await log.drain();
    if (db.open) db.close();
  }

  return {
    handle,
    // Loaded on first use: only tests inject, and a served stub need not hold it in memory.
    inject: async (opts) => (await import('light-my-request')).default(handle, opts),
    listen,
    close,
    stores,
    db,
    config,
    operations,
    limits,
    idempotency,
  };
}
