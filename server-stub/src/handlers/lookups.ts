// Phone number lookups: country always, carrier / line type / caller name as requested. Stored, so
// they can be read and listed again for free. The stub has no carrier database: test mode answers
// the documented sample data (every number `mobile`, Verizon Wireless, MARIA LOPEZ) for free; live
// mode is charged like the real service but reports what a stub can know honestly — the country —
// and "not known" for the rest (null, `line_type: unknown`), as the Lookup schema allows.
import type { components } from '../../../generated/schema.js';
import { assertCanCharge, charge, PRICES } from '../charges.js';
import { notFound } from '../http/problem.js';
import { newId } from '../ids.js';
import { magicOutcome } from '../test-mode.js';
import { countryOf } from './calling-codes.js';
import type { HandlerGroup } from './types.js';

type Lookup = components['schemas']['Lookup'];
type LookupField = 'carrier' | 'line_type' | 'caller_name';

const KIND = 'lookup';
const DEFAULT_FIELDS: LookupField[] = ['carrier', 'line_type'];

/** Test mode's sample data (the spec's examples). */
const SAMPLE = {
  carrier: { name: 'Verizon Wireless', mobile_country_code: '311', mobile_network_code: '480' },
  line_type: 'mobile',
  caller_name: 'MARIA LOPEZ',
} as const satisfies Pick<Lookup, LookupField>;

/** "The caller name costs extra": charged as a second lookup unit (charges.ts has no CNAM price). */
const unitsFor = (fields: LookupField[]) => (fields.includes('caller_name') ? 2 : 1);

export const lookupHandlers: HandlerGroup<'listLookups' | 'createLookup' | 'getLookup'> = {
  createLookup: ({ body }, ctx) => {
    magicOutcome(ctx, body.phone_number);
    const fields = body.fields ?? DEFAULT_FIELDS;
    const units = unitsFor(fields);
    assertCanCharge(ctx, 'lookup', units);
    const known = ctx.mode === 'test';
    const lookup: Lookup = {
      id: newId('lkp'),
      object: 'lookup',
      phone_number: body.phone_number,
      country: countryOf(body.phone_number),
      carrier: known && fields.includes('carrier') ? { ...SAMPLE.carrier } : null,
      line_type: known && fields.includes('line_type') ? SAMPLE.line_type : 'unknown',
      caller_name: known && fields.includes('caller_name') ? SAMPLE.caller_name : null,
      price: { amount: ctx.mode === 'test' ? 0 : PRICES.lookup.cents * units, currency: ctx.account.balance.currency },
      created_at: ctx.now.toISOString(),
    };
    ctx.stores.resources.transaction(() => {
      ctx.stores.resources.insert(ctx.account.id, KIND, lookup);
      charge(ctx, 'lookup', lookup.id, units);
    });
    return { status: 201, body: lookup };
  },

  getLookup: ({ path }, ctx) => {
    const lookup = ctx.stores.resources.get<Lookup>(ctx.account.id, KIND, path.lookup_id);
    if (!lookup) throw notFound('lookup', path.lookup_id);
    return { status: 200, body: lookup };
  },

  listLookups: ({ query }, ctx) => {
    const page = ctx.stores.resources.list<Lookup>(ctx.account.id, KIND, {
      limit: query.limit,
      startingAfter: query.starting_after,
      filter: query.phone_number ? (l) => l.phone_number === query.phone_number : undefined,
    });
    return { status: 200, body: page };
  },
};
