// Every check of the runner, registered by id. Response checks run on every exchange; each probe
// adds its verdict. The order here is the order reports list them in.

import { EXHAUSTIVE_CHECKS } from '../exhaustive/checks.js';
import { GENERATE_CHECKS } from '../generate/checks.js';
import { STATEFUL_CHECKS } from '../stateful/checks.js';
import type { Check, CheckContext, CheckOutcome, CheckResult, Exchange, Failure } from '../types.js';
import { bodySchema } from './body-schema.js';
import { concurrencyLimitEnforced } from './concurrency-limit-enforced.js';
import { contentType } from './content-type.js';
import { documentedHeaders } from './documented-headers.js';
import { errorCode } from './error-code.js';
import { idempotencyAccountIsolation } from './idempotency-account-isolation.js';
import { idempotencyInProgress } from './idempotency-in-progress.js';
import { idempotentReplay } from './idempotent-replay.js';
import { jsonBody } from './json-body.js';
import { problemDetails } from './problem-details.js';
import { rateLimitExhaustion } from './rate-limit-exhaustion.js';
import { rateLimitHeaders } from './rate-limit-headers.js';
import { remainingDecreases } from './remaining-decreases.js';
import { requestIdHeader } from './request-id-header.js';
import {
  idempotencyKeyReuseRefused,
  malformedJsonRefused,
  payloadTooLargeRefused,
  rateLimitedRefused,
  unsupportedMediaTypeRefused,
} from './request-verdicts.js';
import { responseReceived } from './response-received.js';
import { retryAfter } from './retry-after.js';
import { secretNeverReturned } from './secret-never-returned.js';
import {
  conflictingKeysRefused,
  crossAccountNotFound,
  expiredKeyRefused,
  forwardedForIgnored,
  insufficientScopeRefused,
  invalidKeyRefused,
  ipAllowlistEnforced,
  keyInBodyRefused,
  keyInQueryRefused,
  missingKeyRefused,
  noPrivilegeEscalation,
  revokedKeyRefused,
} from './security-verdicts.js';
import { stableValues } from './stable-values.js';
import { statusCode } from './status-code.js';
import { statusDocumented } from './status-documented.js';
import { wwwAuthenticate } from './www-authenticate.js';
import { xApiKeyEquivalent } from './x-api-key-equivalent.js';

const all: Check[] = [
  // every response
  responseReceived,
  statusCode,
  statusDocumented,
  contentType,
  jsonBody,
  bodySchema,
  stableValues,
  errorCode,
  problemDetails,
  requestIdHeader,
  rateLimitHeaders,
  wwwAuthenticate,
  retryAfter,
  documentedHeaders,
  secretNeverReturned,
  // security probes
  missingKeyRefused,
  invalidKeyRefused,
  revokedKeyRefused,
  expiredKeyRefused,
  keyInQueryRefused,
  keyInBodyRefused,
  conflictingKeysRefused,
  xApiKeyEquivalent,
  insufficientScopeRefused,
  noPrivilegeEscalation,
  ipAllowlistEnforced,
  forwardedForIgnored,
  crossAccountNotFound,
  // unreadable requests
  malformedJsonRefused,
  payloadTooLargeRefused,
  unsupportedMediaTypeRefused,
  // limits
  remainingDecreases,
  rateLimitExhaustion,
  rateLimitedRefused,
  concurrencyLimitEnforced,
  // idempotency
  idempotentReplay,
  idempotencyKeyReuseRefused,
  idempotencyInProgress,
  idempotencyAccountIsolation,
  // stateful properties, every-operation matrices, generated inputs
  ...STATEFUL_CHECKS,
  ...EXHAUSTIVE_CHECKS,
  ...GENERATE_CHECKS,
];

export const CHECKS: Record<string, Check> = Object.fromEntries(all.map((c) => [c.id, c]));
export const CHECK_IDS = all.map((c) => c.id);

/** Checks every exchange gets; `status-code` is replaced by the verdict on probes. */
export const RESPONSE_CHECKS = CHECK_IDS.slice(0, CHECK_IDS.indexOf('secret-never-returned') + 1);
export const PROBE_RESPONSE_CHECKS = RESPONSE_CHECKS.filter((id) => id !== 'status-code');
/** What a stateless mock can honour (ARCHITECTURE.md §8). */
export const MOCK_CHECKS = [
  'response-received',
  'status-code',
  'status-documented',
  'content-type',
  'json-body',
  'body-schema',
  'stable-values',
  'error-code',
  'problem-details',
  'request-id-header',
  'rate-limit-headers',
  'www-authenticate',
  'retry-after',
  'documented-headers',
];

/** Runs checks on one exchange. Without a response, only response-received runs; the rest skip. */
export function runChecks(ids: readonly string[], ctx: CheckContext, ex: Exchange): CheckResult[] {
  const out: CheckResult[] = [];
  for (const id of ids) {
    const r = runOne(id, ctx, ex);
    if (r) out.push(r);
  }
  return out;
}

/** One check's result; undefined when it does not apply to this exchange at all. */
function runOne(id: string, ctx: CheckContext, ex: Exchange): CheckResult | undefined {
  const check = CHECKS[id];
  if (!check) throw new Error(`unknown check ${id}`);
  let outcome: CheckOutcome;
  try {
    outcome = check.run(ctx, ex);
  } catch (err) {
    outcome = [{ message: `the check itself failed: ${(err as Error).message}` }];
  }
  if (!Array.isArray(outcome)) return outcome.na ? undefined : { check: id, status: 'skipped', message: outcome.skip };
  if (outcome.length === 0) return { check: id, status: 'passed' };
  const failures: Failure[] = outcome.map((f) => ({ severity: 'error', ...f, check: id, title: check.title }));
  return { check: id, status: 'failed', message: failures[0].message, failures };
}
