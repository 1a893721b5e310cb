// Test-mode magic inputs (DESIGN §6), read from the spec's `x-test-values` registry so the stub
// and the docs can never disagree on them. A charged handler calls `magicOutcome` with the input
// the registry keys on (a phone number or an email) before doing anything else.
import { ApiError, type ErrorCode } from './http/problem.js';

interface TestValue {
  value: string;
  status: number;
  code: ErrorCode | null;
  effect: string;
}

let registry = new Map<string, TestValue>();

/** Loaded once at start-up from the bundled spec (see app.ts). */
export function loadTestValues(spec: { 'x-test-values'?: TestValue[] }): void {
  registry = new Map((spec['x-test-values'] ?? []).map((v) => [String(v.value), v]));
}

/** Throws the documented error for a magic input in test mode; returns otherwise. */
export function magicOutcome(mode: 'live' | 'test', input: string | undefined): void {
  if (mode !== 'test' || input === undefined) return;
  const v = registry.get(input);
  if (v?.code) throw new ApiError(v.code, `${v.effect} (test value ${input})`);
}

/** Test numbers that are accepted and then fail (busy call, failed message). */
export const isFailingTestNumber = (mode: 'live' | 'test', to: string) => mode === 'test' && to === '+15005550009';

/** In test mode every OTP code is this value (documented in x-test-values). */
export const TEST_OTP_CODE = '123456';
