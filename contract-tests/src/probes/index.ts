// Probe executors by probe id (the x-contract-probe ids of openapi/tools/example-pairs.ts plus the
// runner's own). Each sends its requests and says what to check on which; checking is the runner's.

import { EXHAUSTIVE_PROBES } from '../exhaustive/probes.js';
import { GENERATE_PROBES } from '../generate/probes.js';
import { STATEFUL_PROBES } from '../stateful/probes.js';
import { idempotencyInProgress, idempotencyIsolation, idempotencyKeyReused, idempotentReplay } from './idempotency.js';
import { concurrencyLimit, rateLimitExhaustion, rateLimited, remainingDecreases } from './limits.js';
import { malformedJsonBody, payloadTooLarge, unsupportedMediaType } from './request-shape.js';
import {
  conflictingKeys,
  crossAccount,
  insufficientScope,
  invalidKey,
  ipNotAllowed,
  keyInWrongPlace,
  missingKey,
  privilegeEscalation,
  xApiKey,
} from './security.js';
import type { Probe } from './types.js';

export const PROBES: Record<string, Probe> = {
  'missing-key': missingKey,
  'invalid-key': invalidKey,
  'key-in-query': keyInWrongPlace,
  'x-api-key': xApiKey,
  'conflicting-keys': conflictingKeys,
  'insufficient-scope': insufficientScope,
  'ip-not-allowed': ipNotAllowed,
  'privilege-escalation': privilegeEscalation,
  'cross-account': crossAccount,
  'malformed-json': malformedJsonBody,
  'payload-too-large': payloadTooLarge,
  'unsupported-media-type': unsupportedMediaType,
  'rate-limit-exhaustion': rateLimitExhaustion,
  'rate-limited': rateLimited,
  'remaining-decreases': remainingDecreases,
  'concurrency-limit': concurrencyLimit,
  'idempotent-replay': idempotentReplay,
  'idempotency-key-reused': idempotencyKeyReused,
  'idempotency-in-progress': idempotencyInProgress,
  'idempotency-isolation': idempotencyIsolation,
  ...STATEFUL_PROBES,
  ...EXHAUSTIVE_PROBES,
  ...GENERATE_PROBES,
};

export type { Observation, Probe, ProbeResult } from './types.js';
