// The account of the calling key, with live counters: the totals per status the store keeps in step
// with every write (ResourceStore.counts), not a scan of every number, agent and call.
import { activeCallCount } from './call-lifecycle.js';
import type { HandlerGroup } from './types.js';

export const accountHandlers: HandlerGroup<'getAccount'> = {
  getAccount: (_input, ctx) => {
    // One read of the totals; calls still queued or ringing are moved on first (a test call that
    // has failed is no longer active).
    const counts = ctx.stores.resources.allCounts(ctx.account.id);
    const activeCalls = activeCallCount(ctx, counts.call);
    // Read by this request's authentication (and kept current by any charge made since).
    const a = ctx.account;
    return {
      status: 200,
      body: {
        id: a.id,
        object: 'account',
        email: a.email,
        company_name: a.company_name,
        mode: ctx.mode,
        minutes_balance: a.minutes_balance,
        balance: a.balance,
        monthly_usage_minutes: a.monthly_usage_minutes,
        monthly_spend_cap: a.monthly_spend_cap,
        active_numbers: counts.number.active ?? 0,
        active_agents: counts.agent.active ?? 0,
        active_calls: activeCalls,
        created_at: a.created_at,
      },
    };
  },
};
