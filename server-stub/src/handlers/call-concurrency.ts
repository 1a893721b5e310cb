// The active-calls concurrency limit (DESIGN §4): calls queued, ringing or in progress at the same
// time, per account. The base value is the spec's `x-concurrency-limits.active-calls.limit`
// (loaded at start-up, like the test values; 5 until then), times STUB_LIMIT_SCALE.
import type { RequestContext, Stores } from '../context.js';
import { ApiError } from '../http/problem.js';
import { CALL, isActive, loadCalls, type Call } from './call-lifecycle.js';

/** A full account is not a time window: retrying soon is right once a call has ended. */
export const CONCURRENCY_RETRY_AFTER_SECONDS = 1;

let baseLimit = 5;

/** Reads the limit from the bundled spec; call once at start-up. */
export function loadConcurrencyLimits(spec: { 'x-concurrency-limits'?: Record<string, { limit?: number }> }): void {
  const limit = spec['x-concurrency-limits']?.['active-calls']?.limit;
  if (Number.isInteger(limit) && limit! > 0) baseLimit = limit!;
}

/** The limit now: base × STUB_LIMIT_SCALE (read each time, so tests and benches can set it). */
export function activeCallLimit(): number {
  const scale = Number(process.env.STUB_LIMIT_SCALE ?? 1);
  return Math.max(1, Math.floor(baseLimit * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** The account's active calls, as stored (for counters; `loadCalls` advances them first). */
export function activeCalls(stores: Stores, accountId: string): Call[] {
  return stores.resources.all<Call>(accountId, CALL, isActive);
}

/** 429 CONCURRENCY_LIMIT (with Retry-After) when the account cannot take one more call. */
export function assertCanStartCall(ctx: RequestContext): void {
  const limit = activeCallLimit();
  const active = loadCalls(ctx).filter(isActive).length;
  if (active >= limit) {
    throw new ApiError(
      'CONCURRENCY_LIMIT',
      `The account already has ${active} active calls (limit ${limit}); hang one up or wait for one to finish.`,
      { headers: { 'Retry-After': String(CONCURRENCY_RETRY_AFTER_SECONDS) } },
    );
  }
}
