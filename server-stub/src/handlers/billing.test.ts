import { describe, expect, it } from 'vitest';
import { charge, type UsageRecord } from '../charges.js';
import { expectDocumented, pick, thrown } from '../testing/assert.js';
import { example } from '../testing/examples.js';
import { DOCUMENTED_ACCOUNT, input, T0, World } from '../testing/world.js';
import { billingHandlers as h } from './billing.js';

describe('getBillingBalance', () => {
  it('replays balance from the account record', async () => {
    const ex = example('getBillingBalance:balance');
    const world = new World(DOCUMENTED_ACCOUNT);
    const res = await h.getBillingBalance(input(), world.ctx());
    expect(res.status).toBe(ex.status);
    expect(res.body).toEqual(pick(ex.value, Object.keys(ex.value)));
    expectDocumented('getBillingBalance', res);
  });

  // given: the mode of the key that charges; want: the balance and month's spend after an SMS.
  const charges: Array<{ given: 'live' | 'test'; want: [number, number, number] }> = [
    { given: 'live', want: [2499, 1841, 1] },
    { given: 'test', want: [2500, 1840, 0] },
  ];
  it.each(charges)('after a %s charge → balance, spend, usage records $want', async ({ given, want }) => {
    const world = new World({ ...DOCUMENTED_ACCOUNT, mode: given });
    charge(world.ctx(), 'sms', 'msg_8Nv3Kp1Qw6Lx2Tz9Rm4Hd7');
    const balance = await h.getBillingBalance(input(), world.ctx());
    const usage = await h.listBillingUsage(input(), world.ctx());
    expect([balance.body.balance.amount, balance.body.monthly_spend.amount, usage.body.data.length]).toEqual(want);
  });
});

describe('listBillingUsage', () => {
  function withUsage() {
    const world = new World({ mode: 'live' });
    const record = (n: number, type: UsageRecord['type'], createdAt: string): UsageRecord => ({
      id: `usg_${String(n).repeat(22)}`,
      object: 'usage_record',
      type,
      quantity: 1,
      unit: type === 'call' ? 'minute' : type === 'sms' || type === 'otp' ? 'message' : 'request',
      amount: { amount: 1, currency: 'USD' },
      resource_id: `${type === 'call' ? 'call' : type === 'sms' ? 'msg' : 'otp'}_${String(n).repeat(22)}`,
      created_at: createdAt,
    });
    for (const r of [
      record(1, 'call', '2026-11-01T00:00:00Z'),
      record(2, 'sms', '2026-11-10T12:00:00Z'),
      record(3, 'otp', '2026-11-15T00:00:00Z'),
      record(4, 'call', '2026-11-20T09:30:46Z'),
    ]) {
      world.stores.resources.insert(world.accountId, 'usage', r);
    }
    return world;
  }

  it('replays usage-page: a test key is never charged, so its page is empty', async () => {
    const ex = example('listBillingUsage:usage-page');
    const world = new World();
    charge(world.ctx(), 'call', 'call_4kP9xR2mT7vQ1sZ8nB3wLd');
    const res = await h.listBillingUsage(input({ query: ex.request.query }), world.ctx());
    expect(res.body).toEqual(ex.value);
    expectDocumented('listBillingUsage', res);
  });

  it('lists a live charge as a usage record', async () => {
    const world = new World({ mode: 'live' });
    charge(world.ctx(), 'call', 'call_4kP9xR2mT7vQ1sZ8nB3wLd');
    const res = await h.listBillingUsage(input({ query: {} }), world.ctx());
    const stable = ['object', 'type', 'quantity', 'unit', 'amount', 'resource_id'];
    expect(res.body.data.map((u) => pick(u, stable))).toEqual([
      {
        object: 'usage_record',
        type: 'call',
        quantity: 1,
        unit: 'minute',
        amount: { amount: 9, currency: 'USD' },
        resource_id: 'call_4kP9xR2mT7vQ1sZ8nB3wLd',
      },
    ]);
    expectDocumented('listBillingUsage', res);
  });

  // given: filters; want: the usage records listed (newest first).
  const filters: Array<{ given: object; want: number[] }> = [
    { given: {}, want: [4, 3, 2, 1] },
    { given: { type: 'call' }, want: [4, 1] },
    { given: { type: 'lookup' }, want: [] },
    { given: { from: '2026-11-10T12:00:00Z' }, want: [4, 3, 2] },
    { given: { to: '2026-11-10T12:00:00Z' }, want: [1] },
    { given: { from: '2026-11-01T00:00:00Z', to: '2026-11-15T00:00:00Z' }, want: [2, 1] },
    { given: { from: '2026-11-10T13:00:00+01:00', to: '2026-11-15T00:00:00.001Z' }, want: [3, 2] },
    { given: { type: 'call', from: '2026-11-02T00:00:00Z' }, want: [4] },
    { given: { limit: 2 }, want: [4, 3] },
    { given: { limit: 2, starting_after: 'usg_3333333333333333333333' }, want: [2, 1] },
  ];
  it.each(filters)('$given → $want', async ({ given, want }) => {
    const world = withUsage();
    const res = await h.listBillingUsage(input({ query: given }), world.ctx());
    expect(res.body.data.map((u) => Number(u.id.slice(4, 5)))).toEqual(want);
    expectDocumented('listBillingUsage', res);
  });

  // given: a range that is not one; want: 422 on the field.
  const ranges: Array<{ given: object; want: string }> = [
    { given: { from: '2026-11-15T00:00:00Z', to: '2026-11-15T00:00:00Z' }, want: 'query.from' },
    { given: { from: '2026-11-16T00:00:00Z', to: '2026-11-15T00:00:00Z' }, want: 'query.from' },
    { given: { starting_after: 'usg_0000000000000000000000' }, want: 'query.starting_after' },
  ];
  it.each(ranges)('$given → 422 on $want', async ({ given, want }) => {
    const world = withUsage();
    const err = await thrown(() => h.listBillingUsage(input({ query: given }), world.ctx()));
    expect([err.status, err.code, err.extra.errors?.[0].field]).toEqual([422, 'VALIDATION_ERROR', want]);
  });

  it("lists only the caller's account", async () => {
    const world = withUsage();
    const other = world.addAccount({ mode: 'live' });
    expect((await h.listBillingUsage(input(), world.ctx({ account: other, now: T0 }))).body.data).toEqual([]);
  });
});
