import { describe, expect, it } from 'vitest';
import { expectDocumented, pick, thrown } from '../testing/assert.js';
import { example } from '../testing/examples.js';
import { input, T0, World } from '../testing/world.js';
import { numberHandlers as h, seedNumbers } from './numbers.js';

const STABLE = ['object', 'phone_number', 'friendly_name', 'country', 'capabilities', 'status', 'monthly_cost'] as const;

/** A world whose first account seeds its own number here (seedNumbers is under test). */
function seeded() {
  const world = new World({ number: false });
  const [number] = seedNumbers(world.stores, world.accountId, T0);
  return { world, number };
}

describe('seedNumbers', () => {
  it('gives an account +14155550100 once, with a random num_ id', () => {
    const { world, number } = seeded();
    expect(number.id).toMatch(/^num_[A-Za-z0-9]{22}$/);
    expect(pick(number, STABLE)).toEqual(pick(example('getNumber:number').value, STABLE));
    expect(number.agent_id).toBeNull();
    expect(seedNumbers(world.stores, world.accountId, T0)).toEqual([number]);
    const other = world.addAccount({ number: false });
    const [theirs] = seedNumbers(world.stores, other, T0);
    expect(theirs.id).not.toBe(number.id);
  });
});

describe('listNumbers', () => {
  // given: a documented example; want: its page, stable values equal.
  it.each(['numbers-page', 'by-phone-number'])('replays %s', async (name) => {
    const ex = example(`listNumbers:${name}`);
    const { world } = seeded();
    const res = await h.listNumbers(input({ query: ex.request.query }), world.ctx());
    expect(res.status).toBe(ex.status);
    expect(res.body.data.map((n) => pick(n, STABLE))).toEqual(ex.value.data.map((n: any) => pick(n, STABLE)));
    expect([res.body.has_more, res.body.next_cursor]).toEqual([ex.value.has_more, ex.value.next_cursor]);
    expectDocumented('listNumbers', res);
  });

  // given: a filter; want: the phone numbers listed.
  const filters: Array<{ given: object; want: string[] }> = [
    { given: {}, want: ['+442071838750', '+14155550199', '+14155550100'] },
    { given: { status: 'active' }, want: ['+442071838750', '+14155550100'] },
    { given: { status: 'released' }, want: ['+14155550199'] },
    { given: { country: 'GB' }, want: ['+442071838750'] },
    { given: { country: 'FR' }, want: [] },
    { given: { phone_number: '+14155550199' }, want: ['+14155550199'] },
    { given: { phone_number: '+14155550100', status: 'released' }, want: [] },
    { given: { limit: 1 }, want: ['+442071838750'] },
  ];
  it.each(filters)('$given → $want', async ({ given, want }) => {
    const { world, number } = seeded();
    const add = (phone: string, country: string, status: 'active' | 'released', n: number) =>
      world.stores.resources.insert(world.accountId, 'number', {
        ...number,
        id: `num_${String(n).repeat(22)}`,
        phone_number: phone,
        country,
        status,
      });
    add('+14155550199', 'US', 'released', 1);
    add('+442071838750', 'GB', 'active', 2);
    const res = await h.listNumbers(input({ query: given }), world.ctx());
    expect(res.body.data.map((n) => n.phone_number)).toEqual(want);
    expectDocumented('listNumbers', res);
  });

  it("lists only the caller's account", async () => {
    const { world, number } = seeded();
    const other = world.addAccount({ number: false });
    const res = await h.listNumbers(input(), world.ctx({ account: other }));
    expect(res.body.data.map((n) => n.id)).not.toContain(number.id);
  });
});

describe('getNumber', () => {
  it('replays number, with the agent assignment kept on the number', async () => {
    const { world, number } = seeded();
    world.stores.resources.put(world.accountId, 'number', { ...number, agent_id: 'agt_5Rk2Nw8Qx3Lm7Tp9Vz1Hc6' });
    const ex = example('getNumber:number');
    const res = await h.getNumber(input({ path: { number_id: number.id } }), world.ctx());
    expect(res.status).toBe(ex.status);
    expect(pick(res.body, [...STABLE, 'agent_id'])).toEqual(pick(ex.value, [...STABLE, 'agent_id']));
    expectDocumented('getNumber', res);
  });

  // given: whose number; want: 404.
  it.each(['unknown', 'another account'])('a number of %s → 404', async (which) => {
    const { world, number } = seeded();
    const other = world.addAccount({ number: false });
    const id = which === 'unknown' ? example('getNumber:not-found').request.path.number_id : number.id;
    const err = await thrown(() => h.getNumber(input({ path: { number_id: id } }), world.ctx({ account: other })));
    expect([err.status, err.code]).toEqual([404, 'NOT_FOUND']);
  });
});
