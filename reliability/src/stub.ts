// The reference stub as a hostile run's target: `npm run stub`'s entry point with its own temporary
// SQLite file, limits scaled out of the way (the pipeline must get past them to the body), response
// validation on (a handler answering outside the spec is a 500 the run counts), its own test keys,
// and short timeouts so the slow category is cut off in seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Timeouts } from './case.js';
import { rng } from './prng.js';
import type { ServerSpec } from './server.js';

export const STUB_TIMEOUTS: Timeouts = { headersMs: 1_000, requestMs: 2_000, keepAliveMs: 1_000, slackMs: 4_000 };

/** A test key the stub accepts (`pl_test_` + 32 base62), derived from the seed so runs replay byte for byte. */
export function testKey(seed: number, label: string): string {
  return `pl_test_${rng(seed).fork(label).string(32)}`;
}

export interface StubTarget {
  server: ServerSpec;
  adminKey: string;
  otherKey: string;
  /** Removes the temporary database once the stub has stopped. */
  dispose(): void;
}

export function stubTarget(seed: number, timeouts: Timeouts = STUB_TIMEOUTS): StubTarget {
  const adminKey = testKey(seed, 'admin');
  const otherKey = testKey(seed, 'other');
  const dir = mkdtempSync(join(tmpdir(), 'reliability-'));
  const db = join(dir, 'stub.sqlite');
  return {
    adminKey,
    otherKey,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
    server: {
      name: 'server-stub',
      script: 'server-stub/src/main.ts',
      readyPath: '/v1/account',
      env: {
        NODE_ENV: 'development',
        STUB_DB: db,
        STUB_LIMIT_SCALE: '100000',
        STUB_ADMIN_KEY: adminKey,
        STUB_OTHER_ADMIN_KEY: otherKey,
        STUB_HEADERS_TIMEOUT_MS: String(timeouts.headersMs),
        STUB_REQUEST_TIMEOUT_MS: String(timeouts.requestMs),
        STUB_KEEP_ALIVE_TIMEOUT_MS: String(timeouts.keepAliveMs),
      },
    },
  };
}
