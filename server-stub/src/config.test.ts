import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_ADMIN_KEY, DEFAULT_OTHER_ADMIN_KEY, isLoopbackHost, loadConfig } from './config.js';
import { SECRET_PATTERN } from './middleware/auth/secrets.js';

const KEY_A = `pl_test_${'A'.repeat(32)}`;
const KEY_B = `pl_test_${'B'.repeat(32)}`;

describe('loadConfig', () => {
  it('has documented defaults', () => {
    expect(loadConfig({})).toEqual({
      host: '127.0.0.1',
      port: 4000,
      db: '.data/stub.sqlite',
      limitScale: 1,
      limitStore: 'memory',
      adminKey: DEFAULT_ADMIN_KEY,
      otherAdminKey: DEFAULT_OTHER_ADMIN_KEY,
      defaultKeys: true,
      trustedProxies: [],
      nodeEnv: 'development',
      validateResponses: true,
      webhookRetryScale: 1,
      webhookAllowLoopback: false,
      timeouts: { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 },
    });
    expect(DEFAULT_ADMIN_KEY).toMatch(SECRET_PATTERN);
    expect(DEFAULT_OTHER_ADMIN_KEY).toMatch(SECRET_PATTERN);
  });

  // given an environment; want these settings
  it.each<[Record<string, string>, Partial<ReturnType<typeof loadConfig>>]>([
    [
      { HOST: '0.0.0.0', PORT: '8080' },
      { host: '0.0.0.0', port: 8080 },
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
    [
      { STUB_HEADERS_TIMEOUT_MS: '1000', STUB_REQUEST_TIMEOUT_MS: '2000', STUB_KEEP_ALIVE_TIMEOUT_MS: '500' },
      { timeouts: { headersMs: 1_000, requestMs: 2_000, keepAliveMs: 500 } },
    ],
  ])('%j', (env, want) => expect(loadConfig(env)).toMatchObject(want));

  // given a bad value; want one readable line naming it (and never echoing a secret)
  it.each<[Record<string, string>, RegExp]>([
    [{ PORT: 'http' }, /^PORT="http" is not an integer between 0 and 65535$/],
    [{ PORT: '70000' }, /^PORT=/],
    [{ HOST: 'example.com' }, /^HOST="example.com" is not an IP address or localhost$/],
    [{ STUB_LIMIT_SCALE: '0' }, /^STUB_LIMIT_SCALE="0" is not a positive number/],
    [{ STUB_LIMIT_SCALE: 'fast' }, /^STUB_LIMIT_SCALE=/],
    [{ STUB_LIMIT_STORE: 'redis' }, /^STUB_LIMIT_STORE="redis" is not memory or sqlite$/],
    [
      { STUB_ADMIN_KEY: 'pl_test_short-secret-value' },
      /^STUB_ADMIN_KEY is not a test key \(pl_test_ followed by at least 32 base62 characters\)$/,
    ],
    [{ STUB_OTHER_ADMIN_KEY: `pl_live_${'A'.repeat(40)}` }, /^STUB_OTHER_ADMIN_KEY is not a test key/],
    [{ STUB_ADMIN_KEY: KEY_A, STUB_OTHER_ADMIN_KEY: KEY_A }, /must differ/],
    [{ STUB_TRUSTED_PROXIES: '10.0.0.0/8,proxy.local' }, /^STUB_TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR range$/],
    [{ STUB_WEBHOOK_RETRY_SCALE: '0' }, /^STUB_WEBHOOK_RETRY_SCALE="0" is not a positive number/],
    [{ STUB_WEBHOOK_ALLOW_LOOPBACK: 'yes' }, /^STUB_WEBHOOK_ALLOW_LOOPBACK="yes" is not 0 or 1$/],
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
