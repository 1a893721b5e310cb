// The contract runner observes 409 IDEMPOTENCY_IN_PROGRESS against the stub (issue [8] item 2): with
// three worker processes behind one port sharing SQLite and Redis, duplicates sent at once reach
// different processes while the first is still in flight, so the runner's `idempotency-in-progress`
// probe sees the documented 409 instead of skipping it (a single process runs each handler to the
// end before it reads the next request).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../contract-tests/src/index.js';
import { DEFAULT_ADMIN_KEY, DEFAULT_OTHER_ADMIN_KEY } from '../../server-stub/src/config.js';
import { recordFigures } from '../../server-stub/src/testing/figures.js';
import { redisServerMissing, startRedisServer } from '../../server-stub/src/testing/redis.js';
import { startStubProcess } from '../../server-stub/src/testing/stub-process.js';

describe.skipIf(redisServerMissing)(`the runner against 3 workers${redisServerMissing ? ` (skipped: ${redisServerMissing})` : ''}`, () => {
  it('observes the in-flight 409, and every set of duplicates executes once', { timeout: 300_000 }, async () => {
    const redis = await startRedisServer();
    const db = join(mkdtempSync(join(tmpdir(), 'stub-in-flight-')), 'stub.sqlite');
    const stub = await startStubProcess({ STUB_DB: db, STUB_REDIS_URL: redis.url }, ['--workers', '3']);
    try {
      const result = await run({
        server: stub.url,
        key: DEFAULT_ADMIN_KEY,
        otherKey: DEFAULT_OTHER_ADMIN_KEY,
        only: 'probe:idempotency-in-progress',
        reporters: [],
      });
      const cases = result.cases.filter((c) => c.case.id.endsWith('probe:idempotency-in-progress'));
      const observed = cases.filter((c) => c.results.some((r) => r.check === 'error-code' && r.status === 'passed'));
      const verdicts = cases.flatMap((c) => c.results.filter((r) => r.check === 'idempotency-in-progress'));
      recordFigures({
        scenario: 'runner: parallel duplicates, 3 workers',
        requests: cases.length * 6,
        statuses: { 'cases with a 409 observed': observed.length, 'cases run': cases.length },
        unexpected5xx: 0,
        crashes: stub.lines('worker exited').length,
        overAdmissions: verdicts.filter((v) => v.status === 'failed').length,
      });
      expect(result.summary.failed).toBe(0);
      expect(observed.length).toBeGreaterThan(0);
      expect(verdicts.filter((v) => v.status === 'passed').length).toBeGreaterThan(0);
    } finally {
      expect(await stub.stop()).toBe(0);
      await redis.stop();
    }
  });
});
