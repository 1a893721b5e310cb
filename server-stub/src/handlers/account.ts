// The account of the calling key, with live counters read from the stored resources.
import type { components } from '../../../generated/schema.js';
import { NUMBER, type PhoneNumberRecord } from './account-numbers.js';
import { isActive, loadCalls } from './call-lifecycle.js';
import type { HandlerGroup } from './types.js';

type Agent = components['schemas']['Agent'];

export const accountHandlers: HandlerGroup<'getAccount'> = {
  getAccount: (_input, ctx) => {
    const { resources } = ctx.stores;
    // Loading the calls first moves them on (a test call that has failed is no longer active).
    const activeCalls = loadCalls(ctx).filter(isActive).length;
    const a = ctx.stores.accounts.get(ctx.account.id) ?? ctx.account;
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
        active_numbers: resources.all<PhoneNumberRecord>(a.id, NUMBER, (n) => n.status === 'active').length,
        active_agents: resources.all<Agent>(a.id, 'agent', (g) => g.status === 'active').length,
        active_calls: activeCalls,
        created_at: a.created_at,
      },
    };
  },
};
