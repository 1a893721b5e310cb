// The runner against real implementations over real loopback ports: the reference stub (green,
// with --other-key; every minted key revoked, also when interrupted) and the Prism mock in the
// mock profile. Each suite skips with the reason when its target is missing.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { contractModel } from '../../openapi/tools/contract-model.js';
import { loadSpec } from '../../openapi/tools/spec.js';
import { run } from './index.js';
import { startTarget, unavailable } from './testing/faults/target.js';
import type { RunnerEvent } from './types.js';

const model = contractModel(loadSpec());
const stubMissing = await unavailable();

const prismMissing = (() => {
  try {
    createRequire(import.meta.url).resolve('@stoplight/prism-cli/dist/index.js');
    return undefined;
  } catch {
    return '@stoplight/prism-cli is not installed';
  }
})();

interface ListedKey {
  name: string;
  revoked_at: string | null;
  expires_at: string | null;
}

/** Keys of the account whose name marks them as minted by a contract run. */
async function contractKeys(url: string, admin: string): Promise<ListedKey[]> {
  const res = await fetch(`${url}/v1/api-keys?limit=100`, { headers: { authorization: `Bearer ${admin}` } });
  const body = (await res.json()) as { data: ListedKey[] };
  return body.data.filter((k) => k.name.startsWith('parley-contract '));
}

/** Still usable: neither revoked nor expired (an expired key cannot be revoked any more: 409). */
const usable = (keys: ListedKey[]) =>
  keys.filter((k) => !k.revoked_at && !(k.expires_at && Date.parse(k.expires_at) <= Date.now())).map((k) => k.name);

describe.skipIf(stubMissing)(`against the reference stub${stubMissing ? ` (skipped: ${stubMissing})` : ''}`, () => {
  it('is green with --other-key, covers every operation, verifies the webhook events, and revokes every key it minted', async () => {
    const target = await startTarget({ webhooks: true });
    try {
      const events: RunnerEvent[] = [];
      const result = await run({
        server: target.url,
        key: target.adminKey,
        otherKey: target.otherKey,
        reporters: [(e) => void events.push(e)],
      });
      const failures = result.cases.flatMap((c) =>
        c.results.filter((r) => r.status === 'failed').map((r) => `${c.case.id} [${r.check}] ${r.message}`),
      );
      expect(failures).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.summary.passed).toBeGreaterThan(5000);
      // Every documented event is made to happen in test mode and arrives, verified.
      const verified = result.cases.filter(
        (c) => c.case.probe === 'webhook-delivery' && c.results.some((r) => r.check === 'webhook-signature-valid' && r.status === 'passed'),
      );
      expect(verified.map((c) => c.case.id.split(':').at(-1)).sort()).toEqual(model.webhooks.map((w) => w.name).sort());
      const start = events.find((e) => e.type === 'run-start') as Extract<RunnerEvent, { type: 'run-start' }>;
      for (const op of start.operations)
        expect(
          result.cases.some((c) => c.case.operationId === op.operationId && c.results.some((r) => r.status === 'passed')),
          op.operationId,
        ).toBe(true);
      const minted = await contractKeys(target.url, target.adminKey);
      expect(minted.length).toBeGreaterThan(5);
      expect(usable(minted)).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('revokes what it minted when interrupted mid-run, and exits 2', async () => {
    const target = await startTarget();
    try {
      const controller = new AbortController();
      let ended = 0;
      const result = await run({
        server: target.url,
        key: target.adminKey,
        signal: controller.signal,
        reporters: [(e) => void (e.type === 'case-end' && ++ended === 20 && controller.abort())],
      });
      expect(result.exitCode).toBe(2);
      expect(result.error).toMatch(/interrupted/);
      const minted = await contractKeys(target.url, target.adminKey);
      expect(minted.length).toBeGreaterThan(0);
      expect(usable(minted)).toEqual([]);
    } finally {
      await target.close();
    }
  });
});

describe.skipIf(prismMissing)(`against the Prism mock${prismMissing ? ` (skipped: ${prismMissing})` : ''}`, () => {
  it('is green in the mock profile, asking for each paired example by name', async () => {
    const { startMock } = await import('../../mock/prism.js');
    const mock = await startMock();
    try {
      const result = await run({ server: mock.url, key: 'pl_test_anything', profile: 'mock' });
      const failures = result.cases.flatMap((c) =>
        c.results.filter((r) => r.status === 'failed').map((r) => `${c.case.id} [${r.check}] ${r.message}`),
      );
      expect(failures).toEqual([]);
      expect(
        result.cases.filter((c) => c.case.kind === 'example' && c.results.some((r) => r.check === 'stable-values' && r.status === 'passed'))
          .length,
      ).toBeGreaterThan(50);
    } finally {
      await mock.stop();
    }
  });
});
