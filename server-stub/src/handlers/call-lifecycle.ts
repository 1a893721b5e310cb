// A call's lifecycle, advanced lazily: nothing runs in the background, so every time a call is
// loaded it is first moved on to the state it has reached by now, and the change is persisted
// (README "Test mode"): `queued` in the response that creates it, then `in_progress` from the
// first later access until it is hung up, or `failed`/`busy` for the failing test number (which
// emits `call.failed`). Ending an answered call bills a live call per started minute and emits
// `call.completed`. Other modules that read every call (analytics) use `loadCalls`; a list or a count
// advances only the pending ones (advancePendingCalls).
import type { components } from '../../../generated/schema.js';
import { charge } from '../charges.js';
import type { RequestContext } from '../context.js';
import { notFound } from '../http/problem.js';
import { isFailingTestNumber } from '../test-mode.js';
import { withoutInternal } from './internal-fields.js';

export type Call = components['schemas']['Call'];
/** A call as stored: the mode of the key that placed it decides test behaviour and billing. */
export interface StoredCall extends Call {
  _mode: 'live' | 'test';
}

export const CALL = 'call';
const ACTIVE: ReadonlySet<Call['status']> = new Set(['queued', 'ringing', 'in_progress']);
/** The states advanceCall moves on from. */
const PENDING: readonly Call['status'][] = ['queued', 'ringing'];

export const isActive = (call: Call) => ACTIVE.has(call.status);
export const publicCall = (call: StoredCall): Call => withoutInternal(call);

/** Moves a call on to the state it has reached by `ctx.now` and persists the change. */
export function advanceCall(ctx: RequestContext, call: StoredCall): StoredCall {
  if (!PENDING.includes(call.status)) return call;
  const at = ctx.now.toISOString();
  const next: StoredCall = isFailingTestNumber(call._mode, call.to)
    ? { ...call, status: 'failed', end_reason: 'busy', duration_seconds: 0, ended_at: at }
    : { ...call, status: 'in_progress', answered_at: at };
  ctx.stores.resources.transaction(() => {
    ctx.stores.resources.put(ctx.account.id, CALL, next);
    if (next.status === 'failed') ctx.emit('call.failed', publicCall(next));
  });
  return next;
}

/** The call, advanced; 404 when this account has no such call. */
export function loadCall(ctx: RequestContext, id: string): StoredCall {
  const call = ctx.stores.resources.get<StoredCall>(ctx.account.id, CALL, id);
  if (!call) throw notFound('call', id);
  return advanceCall(ctx, call);
}

/** Advances the account's queued and ringing calls (found by the status index; the others cannot move). */
export function advancePendingCalls(ctx: RequestContext): void {
  for (const call of ctx.stores.resources.withStatus<StoredCall>(ctx.account.id, CALL, PENDING)) advanceCall(ctx, call);
}

/** Every call of the account, newest first, advanced. */
export function loadCalls(ctx: RequestContext): StoredCall[] {
  return ctx.stores.resources.all<StoredCall>(ctx.account.id, CALL).map((call) => advanceCall(ctx, call));
}

/**
 * How many of the account's calls are active now: the calls still queued or ringing are advanced
 * first (the only ones whose state a load can change), then the kept totals are read — no scan of
 * every call. Inside a transaction, exact (call-concurrency.ts relies on it). `read`: the call
 * counts already read by this request.
 */
export function activeCallCount(ctx: RequestContext, read?: Readonly<Record<string, number>>): number {
  const { resources } = ctx.stores;
  let counts = read ?? resources.counts(ctx.account.id, CALL);
  if ((counts.queued ?? 0) + (counts.ringing ?? 0) > 0) {
    advancePendingCalls(ctx);
    counts = resources.counts(ctx.account.id, CALL);
  }
  let active = 0;
  for (const status of ACTIVE) active += counts[status] ?? 0;
  return active;
}

/** Billed minutes of a call that talked `seconds`: every started minute, at least one. */
export const billableMinutes = (seconds: number) => Math.max(1, Math.ceil(seconds / 60));

/** Ends an active call as `completed`; bills it when it was placed with a live key. */
export function endCall(ctx: RequestContext, call: StoredCall, reason: 'hangup' | 'completed'): StoredCall {
  const endedAt = ctx.now.getTime();
  const answeredAt = call.answered_at ? Date.parse(call.answered_at) : endedAt;
  const duration = Math.max(0, Math.floor((endedAt - answeredAt) / 1000));
  const ended: StoredCall = {
    ...call,
    status: 'completed',
    end_reason: reason,
    duration_seconds: duration,
    ended_at: ctx.now.toISOString(),
  };
  ctx.stores.resources.transaction(() => {
    ctx.stores.resources.put(ctx.account.id, CALL, ended);
    // The call's own mode decides billing, whatever key ends it.
    if (call._mode === 'live') {
      const liveCtx = ctx.mode === 'live' ? ctx : { ...ctx, mode: 'live' as const };
      charge(liveCtx, 'call', call.id, billableMinutes(duration), { settle: true });
      if (liveCtx !== ctx) ctx.account = liveCtx.account;
    }
    ctx.emit('call.completed', publicCall(ended));
  });
  return ended;
}
