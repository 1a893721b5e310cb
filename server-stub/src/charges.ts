// Charging (ARCHITECTURE.md §2): live keys pay from the account balance within the monthly spend cap and
// leave a usage record; test keys never charge (their magic inputs simulate the refusals).
import type { components } from '../../generated/schema.js';
import type { RequestContext } from './context.js';
import { ApiError } from './http/problem.js';
import { newId } from './ids.js';

export type UsageRecord = components['schemas']['UsageRecord'];
type UsageType = UsageRecord['type'];

/** Prices in cents, per unit. */
export const PRICES: Record<UsageType, { unit: UsageRecord['unit']; cents: number }> = {
  call: { unit: 'minute', cents: 9 },
  sms: { unit: 'message', cents: 1 },
  otp: { unit: 'message', cents: 5 },
  lookup: { unit: 'request', cents: 1 },
  email_verification: { unit: 'request', cents: 1 },
};

/** Refuses (402/403) a charge the live account cannot take; does not charge. */
export function assertCanCharge(ctx: RequestContext, type: UsageType, quantity = 1): void {
  if (ctx.mode === 'test') return;
  const cents = PRICES[type].cents * quantity;
  const a = ctx.account;
  if (a.balance.amount < cents)
    throw new ApiError('INSUFFICIENT_BALANCE', `The account balance does not cover this charge of ${cents} cents.`);
  if (a.monthly_spend_cap && a.monthly_spend.amount + cents > a.monthly_spend_cap.amount) {
    throw new ApiError('SPEND_CAP_EXCEEDED', "This charge would exceed the account's monthly spend cap.");
  }
}

/**
 * Charges a live account and records usage, atomically; a no-op in test mode. `settle` bills a
 * service already delivered (a call that has ended): it is never refused, so the balance may go
 * below zero and the spend cap may be passed by that last charge.
 */
export function charge(
  ctx: RequestContext,
  type: UsageType,
  resourceId: string,
  quantity = 1,
  options: { settle?: boolean } = {},
): UsageRecord | undefined {
  if (ctx.mode === 'test') return undefined;
  if (!options.settle) assertCanCharge(ctx, type, quantity);
  const cents = PRICES[type].cents * quantity;
  const record: UsageRecord = {
    id: newId('usg'),
    object: 'usage_record',
    type,
    quantity,
    unit: PRICES[type].unit,
    amount: { amount: cents, currency: ctx.account.balance.currency },
    resource_id: resourceId,
    created_at: ctx.now.toISOString(),
  };
  ctx.stores.resources.transaction(() => {
    const account = ctx.stores.accounts.get(ctx.account.id)!;
    account.balance.amount -= cents;
    account.monthly_spend.amount += cents;
    ctx.stores.accounts.save(account);
    ctx.stores.resources.insert(ctx.account.id, 'usage', record);
    ctx.account = account;
  });
  return record;
}
