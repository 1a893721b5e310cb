// Test-mode magic inputs (ARCHITECTURE.md §6), as the contract model reads them from the spec's
// registry, so the stub and the docs can never disagree on them. A charged handler calls
// `magicOutcome` with the input the registry keys on (a phone number or an email) before doing
// anything else.
import type { RequestContext } from './context.js';
import { ApiError, type ErrorCode } from './http/problem.js';

/** Throws the documented error for a magic input in test mode; returns otherwise. */
export function magicOutcome(ctx: Pick<RequestContext, 'mode' | 'contract'>, input: string | undefined): void {
  if (ctx.mode !== 'test' || input === undefined) return;
  const v = ctx.contract.testValue(input);
  if (v?.code) throw new ApiError(v.code as ErrorCode, `${v.effect} (test value ${input})`);
}

/** Test numbers that are accepted and then fail (busy call, failed message). */
export const isFailingTestNumber = (mode: 'live' | 'test', to: string) => mode === 'test' && to === '+15005550009';

/** Test numbers a campaign calls at once and that answer (the contact counts as called and answered). */
export const isAnsweringTestNumber = (mode: 'live' | 'test', phone: string | undefined) => mode === 'test' && phone === '+15005550006';

/** In test mode every OTP code is this value (documented in the test values). */
export const TEST_OTP_CODE = '123456';
