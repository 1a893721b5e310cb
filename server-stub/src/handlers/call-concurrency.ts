// The active-calls concurrency limit (ARCHITECTURE.md §4): calls queued, ringing or in progress at
// the same time, per account. Its base value is what the contract model says the operation
// declares (ctx.contract), times STUB_LIMIT_SCALE.
import type { ConcurrencyLimit } from '../../../openapi/tools/contract-model.js';
import type { RequestContext, Stores } from '../context.js';
import { ApiError } from '../http/problem.js';
import { activeCallCount, CALL, type Call, isActive } from './call-lifecycle.js';

/** A full account is not a time window: retrying soon is right once a call has ended. */
export const CONCURRENCY_RETRY_AFTER_SECONDS = 1;

/** A declared limit now: its value × STUB_LIMIT_SCALE (read each time, so tests and benches can set it). */
export function activeCallLimit(declared: ConcurrencyLimit): number {
  const scale = Number(process.env.STUB_LIMIT_SCALE ?? 1);
  return Math.max(1, Math.floor(declared.limit * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** The account's active calls, as stored (for counters; `loadCalls` advances them first). */
export function activeCalls(stores: Stores, accountId: string): Call[] {
  return stores.resources.all<Call>(accountId, CALL, isActive);
}

/** 429 CONCURRENCY_LIMIT (with Retry-After) when the account cannot take one more call under the limits an operation declares. */
export function assertCanStartCall(ctx: RequestContext, declared: readonly ConcurrencyLimit[]): void {
  if (declared.length === 0) return;
  const limit = Math.min(...declared.map(activeCallLimit));
  const active = activeCallCount(ctx);
  if (active >= limit) {
    throw new ApiError(
      'CONCURRENCY_LIMIT',
      `The account already has ${active} active calls (limit ${limit}); hang one up or wait for one to finish.`,
      { headers: { 'Retry-After': String(CONCURRENCY_RETRY_AFTER_SECONDS) } },
    );
  }
}
