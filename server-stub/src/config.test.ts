import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_ADMIN_KEY, DEFAULT_OTHER_ADMIN_KEY, isLoopbackHost, loadConfig } from './config.js';
import { SECRET_PATTERN } from './middleware/auth/secrets.js';

const KEY_A = `pl_test_${'A'.repeat(32)}`;
const KEY_B = `pl_test_${'B'.repeat(32)}`;

const PEPPER = 'a-pepper-of-at-least-32-characters-000';

describe('loadConfig', () => {
  it('has documented defaults', () => {
    expect(loadConfig({})).toEqual({
      host: '127.0.0.1',
      port: 4000,
      db: '.data/stub.sqlite',
      limitScale: 1,
      limitStore: 'memory',
      redisUrl: null,
      workers: 1,
      dbBusyTimeoutMs: 5000,
      adminKey: DEFAULT_ADMIN_KEY,
      otherAdminKey: DEFAULT_OTHER_ADMIN_KEY,
      defaultKeys: true,
      trustedProxies: [],
      nodeEnv: 'development',
      validateResponses: true,
      webhookRetryScale: 1,
      webhookAllowLoopback: false,
      idempotencyLeaseSeconds: 60,
      keyPepper: undefined,
      timeouts: { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 },
    });
    expect(DEFAULT_ADMIN_KEY).toMatch(SECRET_PATTERN);
    expect(DEFAULT_OTHER_ADMIN_KEY).toMatch(SECRET_PATTERN);
  });

  // given an environment; want these settings
  it.each<[Record<string, string>, Partial<ReturnType<typeof loadConfig>>]>([
    [
      { HOST: '0.0.0.0', PORT: '8080', STUB_KEY_PEPPER: PEPPER },
      { host: '0.0.0.0', port: 8080, keyPepper: PEPPER },
    ],
    [
      { HOST: '::1', PORT: '0' },
      { host: '::1', port: 0 },
    ],
    [{ STUB_DB: ':memory:' }, { db: ':memory:' }],
    [{ STUB_LIMIT_SCALE: '2.5' }, { limitScale: 2.5 }],
    [{ STUB_LIMIT_STORE: 'sqlite' }, { limitStore: 'sqlite' }],
    [
      { STUB_ADMIN_KEY: KEY_A, STUB_OTHER_ADMIN_KEY: KEY_B },
      { adminKey: KEY_A, otherAdminKey: KEY_B, defaultKeys: false },
    ],
    [{ STUB_ADMIN_KEY: KEY_A }, { defaultKeys: true }],
    [{ STUB_TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.1,2001:db8::/32' }, { trustedProxies: ['10.0.0.0/8', '192.168.1.1', '2001:db8::/32'] }],
    [{ NODE_ENV: 'production' }, { nodeEnv: 'production', validateResponses: false }],
    [{ NODE_ENV: 'test' }, { validateResponses: true }],
    [{ STUB_WEBHOOK_RETRY_SCALE: '0.01' }, { webhookRetryScale: 0.01 }],
    [{ STUB_WEBHOOK_ALLOW_LOOPBACK: '1' }, { webhookAllowLoopback: true }],
    [{ STUB_WEBHOOK_ALLOW_LOOPBACK: '0' }, { webhookAllowLoopback: false }],
    [{ STUB_IDEMPOTENCY_LEASE_SECONDS: '2' }, { idempotencyLeaseSeconds: 2 }],
    // Redis: windows default to it; idempotency records always go there (app.ts).
    [{ STUB_REDIS_URL: 'redis://127.0.0.1:6390' }, { redisUrl: 'redis://127.0.0.1:6390', limitStore: 'redis' }],
    [{ STUB_REDIS_URL: 'rediss://:pw@cache.internal:6380/2' }, { redisUrl: 'rediss://:pw@cache.internal:6380/2' }],
    [{ STUB_REDIS_URL: 'redis://localhost', STUB_LIMIT_STORE: 'sqlite' }, { limitStore: 'sqlite' }],
    [{ STUB_WORKERS: '3', STUB_REDIS_URL: 'redis://127.0.0.1:6390' }, { workers: 3 }],
    [
      { STUB_WORKERS: '2', STUB_LIMIT_STORE: 'sqlite' },
      { workers: 2, limitStore: 'sqlite' },
    ],
    [{ STUB_DB_BUSY_TIMEOUT_MS: '250' }, { dbBusyTimeoutMs: 250 }],
    [
      { STUB_HEADERS_TIMEOUT_MS: '1000', STUB_REQUEST_TIMEOUT_MS: '2000', STUB_KEEP_ALIVE_TIMEOUT_MS: '500' },
      { timeouts: { headersMs: 1_000, requestMs: 2_000, keepAliveMs: 500 } },
    ],
  ])('%j', (env, want) => expect(loadConfig(env)).toMatchObject(want));

  // given arguments (`npm run stub -- …`); want these settings
  it.each<[string[], Record<string, string>, Partial<ReturnType<typeof loadConfig>>]>([
    [['--workers', '3'], { STUB_REDIS_URL: 'redis://127.0.0.1:6390' }, { workers: 3 }],
    [['--workers=4'], { STUB_LIMIT_STORE: 'sqlite', STUB_WORKERS: '2' }, { workers: 4 }],
    [['--workers', '1'], { STUB_WORKERS: '5' }, { workers: 1, limitStore: 'memory' }],
  ])('%j with %j', (argv, env, want) => expect(loadConfig(env, argv)).toMatchObject(want));

  // given a bad value; want one readable line naming it (and never echoing a secret)
  it.each<[Record<string, string>, RegExp]>([
    [{ PORT: 'http' }, /^PORT="http" is not an integer between 0 and 65535$/],
    [{ PORT: '70000' }, /^PORT=/],
    [{ HOST: 'example.com' }, /^HOST="example.com" is not an IP address or localhost$/],
    [{ STUB_LIMIT_SCALE: '0' }, /^STUB_LIMIT_SCALE="0" is not a positive number/],
    [{ STUB_LIMIT_SCALE: 'fast' }, /^STUB_LIMIT_SCALE=/],
    [{ STUB_LIMIT_STORE: 'disk' }, /^STUB_LIMIT_STORE="disk" is not memory, sqlite or redis$/],
    [{ STUB_LIMIT_STORE: 'redis' }, /^STUB_LIMIT_STORE=redis needs STUB_REDIS_URL$/],
    [{ STUB_REDIS_URL: 'localhost:6379' }, /^STUB_REDIS_URL="localhost:6379" is not a redis:\/\/ or rediss:\/\/ URL$/],
    [{ STUB_REDIS_URL: 'http://127.0.0.1:6379' }, /is not a redis:\/\/ or rediss:\/\/ URL/],
    [{ STUB_REDIS_URL: 'redis://:short-secret@:6379' }, /^STUB_REDIS_URL is not a URL/],
    [
      { STUB_REDIS_URL: 'redis://u:short-secret@127.0.0.1:6379/cache' },
      /^STUB_REDIS_URL="redis:\/\/u:\*\*\*@127.0.0.1:6379\/cache": the path must be a database number/,
    ],
    [{ STUB_WORKERS: '0' }, /^STUB_WORKERS="0" is not an integer between 1 and 64$/],
    [
      { STUB_WORKERS: '3' },
      /^STUB_WORKERS=3 needs rate-limit windows the workers share: set STUB_REDIS_URL \(or STUB_LIMIT_STORE=sqlite\)/,
    ],
    [
      { STUB_WORKERS: '3', STUB_REDIS_URL: 'redis://127.0.0.1:6390', STUB_LIMIT_STORE: 'memory' },
      /^STUB_WORKERS=3 needs rate-limit windows/,
    ],
    [{ STUB_WORKERS: '2', STUB_LIMIT_STORE: 'sqlite', STUB_DB: ':memory:' }, /^STUB_WORKERS=2 needs a database file the workers share/],
    [{ STUB_DB_BUSY_TIMEOUT_MS: '-1' }, /^STUB_DB_BUSY_TIMEOUT_MS="-1" is not an integer between 0 and 60000$/],
    [
      { STUB_ADMIN_KEY: 'pl_test_short-secret-value' },
      /^STUB_ADMIN_KEY is not a test key \(pl_test_ followed by at least 32 base62 characters\)$/,
    ],
    [{ STUB_OTHER_ADMIN_KEY: `pl_live_${'A'.repeat(40)}` }, /^STUB_OTHER_ADMIN_KEY is not a test key/],
    [{ STUB_ADMIN_KEY: KEY_A, STUB_OTHER_ADMIN_KEY: KEY_A }, /must differ/],
    [{ STUB_TRUSTED_PROXIES: '10.0.0.0/8,proxy.local' }, /^STUB_TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR range$/],
    [{ STUB_WEBHOOK_RETRY_SCALE: '0' }, /^STUB_WEBHOOK_RETRY_SCALE="0" is not a positive number/],
    [{ STUB_WEBHOOK_ALLOW_LOOPBACK: 'yes' }, /^STUB_WEBHOOK_ALLOW_LOOPBACK="yes" is not 0 or 1$/],
    [{ STUB_IDEMPOTENCY_LEASE_SECONDS: '0' }, /^STUB_IDEMPOTENCY_LEASE_SECONDS="0" is not an integer between 1 and 3600$/],
    [{ HOST: '10.0.0.5' }, /^STUB_KEY_PEPPER is required when listening beyond loopback \(HOST=10\.0\.0\.5\)/],
    [{ STUB_KEY_PEPPER: 'short-secret-pepper' }, /^STUB_KEY_PEPPER is shorter than 32 characters$/],
    [{ STUB_WEBHOOK_ALLOW_LOOPBACK: '1', NODE_ENV: 'production' }, /^STUB_WEBHOOK_ALLOW_LOOPBACK=1 is refused with NODE_ENV=production/],
    [{ STUB_HEADERS_TIMEOUT_MS: '0' }, /^STUB_HEADERS_TIMEOUT_MS="0" is not an integer between 100 and 600000$/],
    [{ STUB_KEEP_ALIVE_TIMEOUT_MS: '5s' }, /^STUB_KEEP_ALIVE_TIMEOUT_MS=/],
    [
      { STUB_HEADERS_TIMEOUT_MS: '5000', STUB_REQUEST_TIMEOUT_MS: '1000' },
      /^STUB_HEADERS_TIMEOUT_MS=5000 is longer than STUB_REQUEST_TIMEOUT_MS=1000$/,
    ],
  ])('%j is refused', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as Error).message).not.toContain('short-secret');
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

describe('loadConfig arguments', () => {
  // given arguments; want one readable line
  it.each<[string[], RegExp]>([
    [['--workers', '3'], /^--workers 3 needs rate-limit windows the workers share/],
    [['--workers'], /^--workers needs a number of worker processes/],
    [['--workers=many'], /^--workers="many" is not an integer between 1 and 64$/],
    [['--port', '80'], /^unknown argument "--port" \(the stub takes --workers N; the rest is environment variables\)$/],
  ])('%j is refused', (argv, message) => {
    expect(() => loadConfig({}, argv)).toThrow(ConfigError);
    expect(() => loadConfig({}, argv)).toThrow(message);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
  ])('%s → %s', (host, want) => expect(isLoopbackHost(host)).toBe(want));
});
