// A run's plan: the same seed gives the same bytes, every shape of every category is used, the
// fast categories share the requests, and nothing sent is a value that answers 5xx by design.
import { describe, expect, it } from 'vitest';
import type { GenContext } from './case.js';
import { CATEGORIES } from './categories/index.js';
import { rng } from './prng.js';
import { plan } from './run.js';
import { STUB_TIMEOUTS, testKey } from './stub.js';
import { loadTargets } from './targets.js';

const ctx: GenContext = {
  adminKey: testKey(1, 'admin'),
  otherKey: testKey(1, 'other'),
  targets: loadTargets(),
  timeouts: STUB_TIMEOUTS,
  canary: 'canary_test',
};
const made = (p: ReturnType<typeof plan>) => [...p.fast, ...p.slow].map((c) => c.make());
const bytes = (p: ReturnType<typeof plan>) => made(p).map((c) => Buffer.concat(c.chunks).toString('base64'));

describe('plan', () => {
  const a = plan({ seed: 42, requests: 220, categories: CATEGORIES }, ctx);
  const cases = made(a);

  it('is reproducible from the seed, whatever order the cases are made in, and another seed gives other bytes', () => {
    const again = plan({ seed: 42, requests: 220, categories: CATEGORIES }, ctx);
    const reversed = [...again.fast, ...again.slow]
      .reverse()
      .map((c) => Buffer.concat(c.make().chunks).toString('base64'))
      .reverse();
    expect(reversed).toEqual(cases.map((c) => Buffer.concat(c.chunks).toString('base64')));
    expect(bytes(plan({ seed: 43, requests: 220, categories: CATEGORIES }, ctx))).not.toEqual(bytes(a));
  });

  it('uses every shape of every category and shares the requests among the fast ones', () => {
    for (const category of CATEGORIES) {
      const mine = cases.filter((c) => c.category === category.id);
      expect(new Set(mine.map((c) => c.shape))).toEqual(new Set(Object.keys(category.shapes)));
      expect(mine).toHaveLength(category.slow ? category.slow.count : Math.ceil(220 / CATEGORIES.filter((c) => !c.slow).length));
    }
    expect(cases.filter((c) => c.category === 'slow').every((c) => c.deadlineMs !== undefined)).toBe(true);
  });

  it('never sends a test value that answers 5xx on purpose', () => {
    const designed = ctx.targets.designed5xx;
    expect(designed.length).toBeGreaterThan(0);
    for (const text of cases.map((c) => Buffer.concat(c.chunks).toString('latin1')))
      for (const value of designed) expect(text.includes(value)).toBe(false);
  });
});

describe('rng', () => {
  it('forks independent, reproducible streams by label', () => {
    const draw = (label: string) =>
      Array.from(
        { length: 5 },
        (
          (r) => () =>
            r.int(0, 220_000)
        )(rng(7).fork(label)),
      );
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
  });
});
