import { describe, expect, it } from 'vitest';
import { thrown } from '../testing/assert.js';
import type { Scenario } from '../testing/examples.js';
import { scenarioTests } from '../testing/tables.js';
import { input, World } from '../testing/world.js';
import { countryOf } from './calling-codes.js';
import { lookupHandlers } from './lookups.js';

const OPS = ['createLookup', 'getLookup', 'listLookups'];

// given: the example pairs replayed in order on a fresh account; want: each answer as documented.
const table: Scenario[] = [
  { given: 'a lookup, read again', steps: ['createLookup:lookup', 'getLookup:lookup'] },
  { given: 'a lookup, listed', steps: ['createLookup:lookup', 'listLookups:lookups-page'] },
  { given: 'the 402 test number', steps: ['createLookup:insufficient-balance'] },
  { given: 'the 403 test number', steps: ['createLookup:spend-cap-exceeded'] },
  { given: 'the 502 test number', steps: ['createLookup:upstream-error'] },
  { given: 'a number that is not E.164', steps: ['createLookup:validation-error'] },
  { given: 'an unknown lookup', steps: ['getLookup:not-found'] },
  { given: 'a page size above 100', steps: ['listLookups:validation-error'] },
];

describe('Lookups: documented example pairs', () => {
  scenarioTests(OPS, table);
});

const create = async (world: World, body: Record<string, unknown>, mode: 'live' | 'test' = 'test') =>
  (await lookupHandlers.createLookup(input({ body: { phone_number: '+14155550123', ...body } }), world.ctx({ mode }))).body;

describe('Lookups: fields, countries, modes', () => {
  const CARRIER = { name: 'Verizon Wireless', mobile_country_code: '311', mobile_network_code: '480' };
  // given: the requested fields; want: what test mode answers (unrequested fields null / unknown).
  const fields = [
    { given: undefined, want: { carrier: CARRIER, line_type: 'mobile', caller_name: null } },
    { given: ['caller_name'], want: { carrier: null, line_type: 'unknown', caller_name: 'MARIA LOPEZ' } },
    { given: ['line_type'], want: { carrier: null, line_type: 'mobile', caller_name: null } },
  ];
  it.each(fields)('fields $given', async ({ given, want }) => {
    const world = new World();
    expect(await create(world, given ? { fields: given } : {})).toMatchObject({ ...want, price: { amount: 0, currency: 'USD' } });
  });

  // given: a number; want: its country.
  const countries = [
    { given: '+14155550123', want: 'US' },
    { given: '+442071838750', want: 'GB' },
    { given: '+4930123456', want: 'DE' },
    { given: '+353123456789', want: 'IE' },
    { given: '+35123456789', want: 'PT' },
    { given: '+9991234567', want: 'ZZ' },
  ];
  it.each(countries)('$given is in $want', ({ given, want }) => {
    expect(countryOf(given)).toBe(want);
  });

  it('live mode charges one unit, two with the caller name, and knows only the country', async () => {
    const world = new World({ balance: 100 });
    const plain = await create(world, { phone_number: '+15005550001' }, 'live'); // magic numbers are test-only
    expect(plain).toMatchObject({
      country: 'US',
      carrier: null,
      line_type: 'unknown',
      caller_name: null,
      price: { amount: 1, currency: 'USD' },
    });
    const cnam = await create(world, { fields: ['carrier', 'caller_name'] }, 'live');
    expect(cnam.price.amount).toBe(2);
    expect(world.account().balance.amount).toBe(97);
    expect(world.stores.resources.all<any>(world.account().id, 'usage').map((u) => [u.resource_id, u.quantity])).toEqual([
      [cnam.id, 2],
      [plain.id, 1],
    ]);
  });

  it('lists filter by number; another account cannot read a lookup', async () => {
    const world = new World();
    const other = world.addAccount();
    const a = await create(world, {});
    await create(world, { phone_number: '+442071838750' });
    const page = (await lookupHandlers.listLookups(input({ query: { phone_number: '+14155550123' } }), world.ctx())).body;
    expect(page.data).toEqual([a]);
    const read = () => lookupHandlers.getLookup(input({ path: { lookup_id: a.id } }), world.ctx({ account: other }));
    expect((await thrown(read)).code).toBe('NOT_FOUND');
  });
});
