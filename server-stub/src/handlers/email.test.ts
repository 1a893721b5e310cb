import { describe, expect, it } from 'vitest';
import { thrown } from '../testing/assert.js';
import type { Scenario, Step } from '../testing/examples.js';
import { scenarioTests } from '../testing/tables.js';
import { input, World } from '../testing/world.js';
import { emailHandlers } from './email.js';
import { emailTraits } from './email-traits.js';

// given: the example pair replayed on a fresh account; want: the answer as documented.
const table: Scenario[] = [
  'deliverable',
  'undeliverable',
  'insufficient-balance',
  'spend-cap-exceeded',
  'upstream-error',
  'validation-error',
].map((name) => ({ given: name, steps: [`verifyEmail:${name}` as Step] }));

describe('Email: documented example pairs', () => {
  scenarioTests(['verifyEmail'], table);
});

const verify = async (world: World, email: string, mode: 'live' | 'test' = 'test') =>
  (await emailHandlers.verifyEmail(input({ body: { email } }), world.ctx({ mode }))).body;

describe('Email: traits and modes', () => {
  // given: an address; want: what the address itself tells.
  const traits = [
    { given: 'maria.lopez@example.com', want: { disposable: false, role_account: false, free_provider: false } },
    { given: 'maria@Gmail.com', want: { disposable: false, role_account: false, free_provider: true } },
    { given: 'info@acme.example', want: { disposable: false, role_account: true, free_provider: false } },
    { given: 'support+billing@acme.example', want: { disposable: false, role_account: true, free_provider: false } },
    { given: 'x7@mailinator.com', want: { disposable: true, role_account: false, free_provider: false } },
  ];
  it.each(traits)('$given', async ({ given, want }) => {
    expect(emailTraits(given)).toEqual(want);
    expect(await verify(new World(), given)).toMatchObject({
      ...want,
      result: 'deliverable',
      mx_found: true,
      price: { amount: 0, currency: 'USD' },
    });
  });

  it('test mode is free; every verification is stored', async () => {
    const world = new World({ balance: 0 });
    const v = await verify(world, 'maria.lopez@example.com');
    expect(world.account().balance.amount).toBe(0);
    expect(world.stores.resources.get(world.account().id, 'email_verification', v.id)).toEqual(v);
  });

  it('live mode asks no server (unknown), is charged, and ignores the test addresses', async () => {
    const world = new World({ balance: 10 });
    const v = await verify(world, 'insufficient-balance@example.com', 'live');
    expect(v).toMatchObject({ result: 'unknown', reason: null, mx_found: false, price: { amount: 1, currency: 'USD' } });
    expect(world.account().balance.amount).toBe(9);
    expect(world.stores.resources.all(world.account().id, 'usage')).toEqual([
      expect.objectContaining({ type: 'email_verification', resource_id: v.id }),
    ]);
  });

  it('live refusal: over the spend cap → 403', async () => {
    const world = new World({ balance: 10, spendCap: 5, monthlySpend: 5 });
    expect((await thrown(() => verify(world, 'maria.lopez@example.com', 'live'))).code).toBe('SPEND_CAP_EXCEEDED');
  });
});
