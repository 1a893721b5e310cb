// The stub's configuration, read once from the environment. A bad value is one readable line
// (ConfigError) that main.ts prints before exiting 2; nothing else reads process.env.
import { isIP } from 'node:net';
import { parseCidr } from './middleware/auth/ip.js';

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
  /** Where rate-limit windows live: in process memory (default, fastest) or the SQLite file. */
  limitStore: 'memory' | 'sqlite';
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

export function loadConfig(env: Env = process.env): Config {
  const host = env.HOST || '127.0.0.1';
  if (host !== 'localhost' && isIP(host) === 0) throw new ConfigError(`HOST=${JSON.stringify(host)} is not an IP address or localhost`);
  const port = int(env, 'PORT', 4000, 0, 65535);

  const scaleRaw = env.STUB_LIMIT_SCALE;
  const limitScale = scaleRaw === undefined || scaleRaw === '' ? 1 : Number(scaleRaw);
  if (!Number.isFinite(limitScale) || limitScale <= 0 || limitScale > 1e6) {
    throw new ConfigError(`STUB_LIMIT_SCALE=${JSON.stringify(scaleRaw)} is not a positive number (at most 1000000)`);
  }

  const limitStore = (env.STUB_LIMIT_STORE || 'memory') as Config['limitStore'];
  if (limitStore !== 'memory' && limitStore !== 'sqlite') {
    throw new ConfigError(`STUB_LIMIT_STORE=${JSON.stringify(env.STUB_LIMIT_STORE)} is not memory or sqlite`);
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
    db: env.STUB_DB || '.data/stub.sqlite',
    limitScale,
    limitStore,
    adminKey,
    otherAdminKey,
    defaultKeys: adminKey === DEFAULT_ADMIN_KEY || otherAdminKey === DEFAULT_OTHER_ADMIN_KEY,
    trustedProxies,
    nodeEnv,
    validateResponses: nodeEnv !== 'production',
    webhookRetryScale,
    webhookAllowLoopback: loopbackRaw === '1',
    timeouts,
  };
}

/** 127.0.0.0/8, ::1 and localhost: the only addresses the default keys may listen on. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
