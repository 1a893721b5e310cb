// Proving the runner (ARCHITECTURE.md §8, "every check is proven able to fail"): in front of a conforming
// implementation, each fault of the catalogue is caught by the check that guards it and by nothing
// else. Needs the reference stub's factory; without it the suite is skipped with the reason.
import { describe, expect, it } from 'vitest';
import { checkIds, run } from '../../index.js';
import { FAULTS } from './catalogue.js';
import { CONTROLS } from './controls.js';
import { startFaultProxy } from './proxy.js';
import { startTarget, unavailable } from './target.js';

const missing = await unavailable();

async function failingChecks(only: string, fault: (typeof FAULTS)[number]['fault'] | undefined, timeoutMs?: number) {
  // Local webhook delivery on: the webhook faults need it, and every other subset must pass with it.
  const target = await startTarget({ webhooks: true });
  const proxy = await startFaultProxy(target.url, fault, { adminKey: target.adminKey, otherKey: target.otherKey });
  try {
    const result = await run({
      server: proxy.url,
      key: target.adminKey,
      otherKey: target.otherKey,
      only,
      ...(timeoutMs ? { timeoutMs } : {}),
    });
    if (result.error) throw new Error(result.error);
    const failed = result.cases.flatMap((c) =>
      c.results
        .filter((r) => r.status === 'failed')
        .map((r) => ({ check: r.check, where: `${c.case.id}${r.observation ? ` (${r.observation})` : ''}: ${r.message}` })),
    );
    return { failed, result };
  } finally {
    await proxy.close();
    await target.close();
  }
}

describe.skipIf(missing)(`the runner against broken implementations${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('covers at least 15 faults across every area, stateful, tenancy, generated inputs and webhooks included', () => {
    expect(new Set(FAULTS.map((f) => f.fault.id)).size).toBe(FAULTS.length);
    expect(FAULTS.length).toBeGreaterThanOrEqual(15);
    expect(new Set(FAULTS.map((f) => f.area))).toEqual(
      new Set([
        'security',
        'limits',
        'idempotency',
        'schemas',
        'headers',
        'status codes',
        'transport',
        'stateful',
        'tenancy',
        'generated',
        'webhooks',
      ]),
    );
    for (const f of FAULTS) for (const c of f.caughtBy) expect(checkIds()).toContain(c);
  });

  it('passes every check of the fault subsets when nothing is broken', async () => {
    const only = [...new Set(FAULTS.map((f) => f.only.replace(/^\^\(?|\)?\$$/g, '')))].join('|');
    const { failed } = await failingChecks(`^(${only})$`, undefined);
    expect(failed.map((f) => f.where)).toEqual([]);
  });

  // given: a valid variant of the implementation; want: no check fails (a check that does is stricter than the spec).
  it.each(CONTROLS.map((c) => [c.variant.id, c] as const))('control %s passes', async (_id, c) => {
    let applied = 0;
    const { request, response, delivery } = c.variant;
    const counted: typeof c.variant = {
      ...c.variant,
      ...(request ? { request: (req, ctx) => ((r) => (r && applied++, r))(request(req, ctx)) } : {}),
      ...(response ? { response: async (res, req, ctx) => ((r) => (r && applied++, r))(await response(res, req, ctx)) } : {}),
      ...(delivery ? { delivery: async (d, ctx) => ((r) => (r && applied++, r))(await delivery(d, ctx)) } : {}),
    };
    const { failed, result } = await failingChecks(c.only ?? '.', counted);
    expect(
      failed.map((f) => `[${f.check}] ${f.where}`),
      c.variant.description,
    ).toEqual([]);
    expect(result.summary.passed).toBeGreaterThan(c.minPassed ?? 100);
    expect(applied, 'the variant changed nothing: the control proves nothing').toBeGreaterThan(5);
  });

  // given: one fault; want: its first guard fails, and no check outside its guards fails.
  it.each(FAULTS.map((f) => [f.fault.id, f] as const))('%s is caught', async (_id, f) => {
    const { failed } = await failingChecks(f.only, f.fault, f.timeoutMs);
    const outside = failed.filter((x) => !f.caughtBy.includes(x.check));
    expect(
      outside.map((x) => `[${x.check}] ${x.where}`),
      `${f.fault.description}: only ${f.caughtBy.join(', ')} may fail`,
    ).toEqual([]);
    expect(
      failed.map((x) => x.check),
      `${f.fault.description}: ${f.caughtBy[0]} must catch it`,
    ).toContain(f.caughtBy[0]);
  });
});
