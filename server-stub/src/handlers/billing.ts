// Balance (from the account record charges.ts maintains) and usage history (the `usage` documents
// charges.ts writes, one per charge; test mode writes none).
import type { UsageRecord } from '../charges.js';
import { invalid } from '../http/problem.js';
import type { HandlerGroup } from './types.js';

export const billingHandlers: HandlerGroup<'getBillingBalance' | 'listBillingUsage'> = {
  getBillingBalance: (_input, ctx) => {
    const a = ctx.stores.accounts.get(ctx.account.id) ?? ctx.account;
    return {
      status: 200,
      body: {
        object: 'billing_balance',
        balance: a.balance,
        minutes_balance: a.minutes_balance,
        monthly_spend: a.monthly_spend,
        monthly_spend_cap: a.monthly_spend_cap,
        currency: a.balance.currency,
      },
    };
  },

  listBillingUsage: ({ query }, ctx) => {
    const from = query.from === undefined ? -Infinity : Date.parse(query.from);
    const to = query.to === undefined ? Infinity : Date.parse(query.to);
    if (from >= to) throw invalid('query.from', 'must be before `to`');
    const page = ctx.stores.resources.list<UsageRecord>(ctx.account.id, 'usage', {
      limit: query.limit,
      startingAfter: query.starting_after,
      filter: (u) => {
        const at = Date.parse(u.created_at);
        return (query.type === undefined || u.type === query.type) && at >= from && at < to;
      },
    });
    return { status: 200, body: page };
  },
};
