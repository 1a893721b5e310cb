// The stub's configuration, read once from the environment. A bad value is one readable line
// (ConfigError) that main.ts prints before exiting 2; nothing else reads process.env.
import { isIP } from 'node:net';
import { parseCidr } from './middleware/auth/ip.js';
import { DEFAULT_BUSY_TIMEOUT_MS } from './store/db.js';
import { redactRedisUrl } from './store/redis.js';

/** Documented local defaults (README): valid test keys, refused on a non-loopback HOST. */
export const DEFAULT_ADMIN_KEY = 'pl_test_ParleyStubDefaultAdminKey000000000001';
export const DEFAULT_OTHER_ADMIN_KEY = 'pl_test_ParleyStubDefaultOtherKey000000000002';

const TEST_KEY = /^pl_test_[A-Za-z0-9]{32,}$/;

export interface Config {
  host: string;
  port: number;
  /** SQLite file, or ':memory:'. */
  db: string;
  limitScale: number;
  /** Where rate-limit windows live: process memory (default without Redis), the SQLite file, or Redis (default with it). */
  limitStore: 'memory' | 'sqlite' | 'redis';
  /** Redis for rate-limit windows and idempotency records shared by several processes; null: none. */
  redisUrl: string | null;
  /** Worker processes serving one port (node:cluster); 1 is a single process. */
  workers: number;
  /** How long a statement waits for another connection's SQLite write lock before a 503. */
  dbBusyTimeoutMs: number;
  adminKey: string;
  otherAdminKey: string;
  /** True while either admin key is its documented default. */
  defaultKeys: boolean;
  /** Addresses/CIDRs whose X-Forwarded-For is believed. */
  trustedProxies: string[];
  nodeEnv: string;
  /** Response validation is on everywhere except NODE_ENV=production. */
  validateResponses: boolean;
  /** Multiplies every webhook retry delay of the spec's schedule (tests shorten it, e.g. 0.01). */
  webhookRetryScale: number;
  /** Admits `http://127.0.0.1:<port>/…` endpoints and loopback targets (local receivers; never in production). */
  webhookAllowLoopback: boolean;
  /**
   * How long an Idempotency-Key claimed by a request that never finished (its process died) answers
   * 409 IDEMPOTENCY_IN_PROGRESS before a retry may run it; longer than any request can take.
   */
  idempotencyLeaseSeconds: number;
  /** STUB_KEY_PEPPER: the server secret API key hashes are keyed with (undefined: the database's own). */
  keyPepper: string | undefined;
  /** How long a client may take to send the request line and headers, then the whole request, and may idle between requests (ms). */
  timeouts: { headersMs: number; requestMs: number; keepAliveMs: number };
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name}=${JSON.stringify(raw)} is not an integer between ${min} and ${max}`);
  }
  return Number(raw);
}

function key(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  // Never echo the value: it is a secret.
  if (!TEST_KEY.test(raw)) throw new ConfigError(`${name} is not a test key (pl_test_ followed by at least 32 base62 characters)`);
  return raw;
}

function redisUrl(env: Env): string | null {
  const raw = env.STUB_REDIS_URL;
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not echoed: an unparsable value may still hold a password.
    throw new ConfigError('STUB_REDIS_URL is not a URL (redis://[user:password@]host:port[/db])');
  }
  // Never echo a password: the URL may carry one.
  const shown = JSON.stringify(redactRedisUrl(raw));
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new ConfigError(`STUB_REDIS_URL=${shown} is not a redis:// or rediss:// URL`);
  if (url.hostname === '') throw new ConfigError(`STUB_REDIS_URL=${shown} names no host`);
  if (!/^(\/\d{0,2})?$/.test(url.pathname)) throw new ConfigError(`STUB_REDIS_URL=${shown}: the path must be a database number (/0 … /99)`);
  return raw;
}

/** Command-line arguments of `npm run stub -- …`: only `--workers N` (or `--workers=N`). */
function parseArgs(argv: readonly string[]): { workers?: string } {
  const out: { workers?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--workers') {
      if (i + 1 === argv.length) throw new ConfigError('--workers needs a number of worker processes (1 … 64)');
      out.workers = argv[++i];
    } else if (arg.startsWith('--workers=')) out.workers = arg.slice('--workers='.length);
    else throw new ConfigError(`unknown argument ${JSON.stringify(arg)} (the stub takes --workers N; the rest is environment variables)`);
  }
  return out;
}

/** STUB_KEY_PEPPER: at least 32 characters (never echoed); optional on loopback only. */
function pepper(env: Env): string | undefined {
  const raw = env.STUB_KEY_PEPPER;
  const host = env.HOST || '127.0.0.1';
  if (raw === undefined || raw === '') {
    if (isLoopbackHost(host)) return undefined;
    throw new ConfigError(
      `STUB_KEY_PEPPER is required when listening beyond loopback (HOST=${host}): at least 32 random characters, the same for every process of a deployment`,
    );
  }
  if (raw.length < 32) throw new ConfigError('STUB_KEY_PEPPER is shorter than 32 characters');
  return raw;
}

export function loadConfig(env: Env = process.env, argv: readonly string[] = []): Config {
  const args = parseArgs(argv);
  const host = env.HOST || '127.0.0.1';
  if (host !== 'localhost' && isIP(host) === 0) throw new ConfigError(`HOST=${JSON.stringify(host)} is not an IP address or localhost`);
  const port = int(env, 'PORT', 4000, 0, 65535);

  const scaleRaw = env.STUB_LIMIT_SCALE;
  const limitScale = scaleRaw === undefined || scaleRaw === '' ? 1 : Number(scaleRaw);
  if (!Number.isFinite(limitScale) || limitScale <= 0 || limitScale > 1e6) {
    throw new ConfigError(`STUB_LIMIT_SCALE=${JSON.stringify(scaleRaw)} is not a positive number (at most 1000000)`);
  }

  const redis = redisUrl(env);
  const limitStore = (env.STUB_LIMIT_STORE || (redis ? 'redis' : 'memory')) as Config['limitStore'];
  if (limitStore !== 'memory' && limitStore !== 'sqlite' && limitStore !== 'redis') {
    throw new ConfigError(`STUB_LIMIT_STORE=${JSON.stringify(env.STUB_LIMIT_STORE)} is not memory, sqlite or redis`);
  }
  if (limitStore === 'redis' && !redis) throw new ConfigError('STUB_LIMIT_STORE=redis needs STUB_REDIS_URL');

  const db = env.STUB_DB || '.data/stub.sqlite';
  const dbBusyTimeoutMs = int(env, 'STUB_DB_BUSY_TIMEOUT_MS', DEFAULT_BUSY_TIMEOUT_MS, 0, 60_000);
  const workers =
    args.workers === undefined ? int(env, 'STUB_WORKERS', 1, 1, 64) : int({ '--workers': args.workers }, '--workers', 1, 1, 64);
  const workersSetting = args.workers === undefined ? `STUB_WORKERS=${workers}` : `--workers ${workers}`;
  // Several workers must share every piece of state: the database file, and the limit windows.
  if (workers > 1 && db === ':memory:') {
    throw new ConfigError(`${workersSetting} needs a database file the workers share; STUB_DB=:memory: would give each its own`);
  }
  if (workers > 1 && limitStore === 'memory') {
    throw new ConfigError(
      `${workersSetting} needs rate-limit windows the workers share: set STUB_REDIS_URL (or STUB_LIMIT_STORE=sqlite); STUB_LIMIT_STORE=memory would give each worker its own limits`,
    );
  }

  const adminKey = key(env, 'STUB_ADMIN_KEY', DEFAULT_ADMIN_KEY);
  const otherAdminKey = key(env, 'STUB_OTHER_ADMIN_KEY', DEFAULT_OTHER_ADMIN_KEY);
  if (adminKey === otherAdminKey) throw new ConfigError('STUB_ADMIN_KEY and STUB_OTHER_ADMIN_KEY must differ (one per account)');

  const trustedProxies = (env.STUB_TRUSTED_PROXIES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of trustedProxies) {
    if (!parseCidr(p)) throw new ConfigError(`STUB_TRUSTED_PROXIES: ${JSON.stringify(p)} is not an IP address or CIDR range`);
  }

  const retryRaw = env.STUB_WEBHOOK_RETRY_SCALE;
  const webhookRetryScale = retryRaw === undefined || retryRaw === '' ? 1 : Number(retryRaw);
  if (!Number.isFinite(webhookRetryScale) || webhookRetryScale <= 0 || webhookRetryScale > 1000) {
    throw new ConfigError(`STUB_WEBHOOK_RETRY_SCALE=${JSON.stringify(retryRaw)} is not a positive number (at most 1000)`);
  }
  const loopbackRaw = env.STUB_WEBHOOK_ALLOW_LOOPBACK ?? '';
  if (!['', '0', '1'].includes(loopbackRaw)) {
    throw new ConfigError(`STUB_WEBHOOK_ALLOW_LOOPBACK=${JSON.stringify(loopbackRaw)} is not 0 or 1`);
  }

  // Slow clients (slowloris) are cut off by these; node requires headers ≤ request.
  const timeouts = {
    headersMs: int(env, 'STUB_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    requestMs: int(env, 'STUB_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    keepAliveMs: int(env, 'STUB_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
  };
  if (timeouts.headersMs > timeouts.requestMs)
    throw new ConfigError(`STUB_HEADERS_TIMEOUT_MS=${timeouts.headersMs} is longer than STUB_REQUEST_TIMEOUT_MS=${timeouts.requestMs}`);

  const nodeEnv = env.NODE_ENV || 'development';
  if (loopbackRaw === '1' && nodeEnv === 'production')
    throw new ConfigError('STUB_WEBHOOK_ALLOW_LOOPBACK=1 is refused with NODE_ENV=production (it opens loopback to deliveries)');
  return {
    host,
    port,
    db,
    limitScale,
    limitStore,
    redisUrl: redis,
    workers,
    dbBusyTimeoutMs,
    adminKey,
    otherAdminKey,
    defaultKeys: adminKey === DEFAULT_ADMIN_KEY || otherAdminKey === DEFAULT_OTHER_ADMIN_KEY,
    trustedProxies,
    nodeEnv,
    validateResponses: nodeEnv !== 'production',
    webhookRetryScale,
    webhookAllowLoopback: loopbackRaw === '1',
    idempotencyLeaseSeconds: int(env, 'STUB_IDEMPOTENCY_LEASE_SECONDS', 60, 1, 3600),
    keyPepper: pepper(env),
    timeouts,
  };
}

/** 127.0.0.0/8, ::1 and localhost: the only addresses the default keys may listen on. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
