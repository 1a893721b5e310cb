// Phone numbers: read-only through the API. Every account is seeded with +14155550100 (the spec's
// canonical number). A number's `agent_id` is kept in step by handlers/agents.ts.
import type { Stores } from '../context.js';
import { notFound } from '../http/problem.js';
import { newId } from '../ids.js';
import { NUMBER, numberById, type PhoneNumberRecord as PhoneNumber } from './account-numbers.js';
import type { HandlerGroup } from './types.js';

export const SEEDED_NUMBER = '+14155550100';

/** Gives the account its seeded number unless it already has it; returns the account's numbers. */
export function seedNumbers(stores: Pick<Stores, 'resources'>, accountId: string, now: Date): PhoneNumber[] {
  const existing = stores.resources.all<PhoneNumber>(accountId, NUMBER, (n) => n.phone_number === SEEDED_NUMBER);
  if (existing.length === 0) {
    stores.resources.insert<PhoneNumber>(accountId, NUMBER, {
      id: newId('num'),
      object: 'phone_number',
      phone_number: SEEDED_NUMBER,
      friendly_name: '(415) 555-0100',
      country: 'US',
      capabilities: { voice: true, sms: true },
      status: 'active',
      agent_id: null,
      monthly_cost: { amount: 115, currency: 'USD' },
      created_at: now.toISOString(),
    });
  }
  return stores.resources.all<PhoneNumber>(accountId, NUMBER);
}

export const numberHandlers: HandlerGroup<'listNumbers' | 'getNumber'> = {
  listNumbers: ({ query }, ctx) => {
    const page = ctx.stores.resources.list<PhoneNumber>(ctx.account.id, NUMBER, {
      limit: query.limit,
      startingAfter: query.starting_after,
      filter: (n) =>
        (query.status === undefined || n.status === query.status) &&
        (query.country === undefined || n.country === query.country) &&
        (query.phone_number === undefined || n.phone_number === query.phone_number),
    });
    return { status: 200, body: page };
  },

  getNumber: ({ path }, ctx) => {
    const number = numberById(ctx.stores, ctx.account.id, path.number_id);
    if (!number) throw notFound('phone number', path.number_id);
    return { status: 200, body: number };
  },
};
