// Every probe of the runner, one line each, in the order reports list their verdicts. A probe is
// one definition (probes/define.ts): what it is, how it plans its cases, how it runs them. The
// families' own registries (stateful/, exhaustive/, generate/, webhooks/) are merged here.
import { EXHAUSTIVE_PROBES } from '../exhaustive/probes.js';
import { GENERATE_PROBES } from '../generate/probes.js';
import { STATEFUL_PROBES } from '../stateful/probes.js';
import { WEBHOOK_PROBES } from '../webhooks/probes.js';
import { bearerSchemeCase } from './bearer-scheme-case.js';
import { concurrencyLimit } from './concurrency-limit.js';
import { conflictingKeys } from './conflicting-keys.js';
import { crossAccount } from './cross-account.js';
import type { Probe } from './define.js';
import { idempotencyInProgress } from './idempotency-in-progress.js';
import { idempotencyIsolation } from './idempotency-isolation.js';
import { idempotencyKeyReused } from './idempotency-key-reused.js';
import { idempotentReplay } from './idempotent-replay.js';
import { insufficientScope } from './insufficient-scope.js';
import { invalidKey } from './invalid-key.js';
import { ipNotAllowed } from './ip-not-allowed.js';
import { keyInQuery } from './key-in-query.js';
import { malformedJsonBody } from './malformed-json.js';
import { missingKey } from './missing-key.js';
import { payloadTooLarge } from './payload-too-large.js';
import { privilegeEscalation } from './privilege-escalation.js';
import { rateLimitExhaustion } from './rate-limit-exhaustion.js';
import { rateLimited } from './rate-limited.js';
import { remainingDecreases } from './remaining-decreases.js';
import { unreproducible } from './unreproducible.js';
import { unsupportedMediaType } from './unsupported-media-type.js';
import { xApiKey } from './x-api-key.js';

export const PROBES: readonly Probe[] = [
  // who may send a request (ARCHITECTURE.md §2)
  missingKey,
  invalidKey,
  keyInQuery,
  conflictingKeys,
  xApiKey,
  bearerSchemeCase,
  insufficientScope,
  privilegeEscalation,
  ipNotAllowed,
  crossAccount,
  // requests the API cannot read (§3)
  malformedJsonBody,
  payloadTooLarge,
  unsupportedMediaType,
  // limits (§4)
  rateLimitExhaustion,
  remainingDecreases,
  rateLimited,
  concurrencyLimit,
  // idempotency (§5)
  idempotentReplay,
  idempotencyKeyReused,
  idempotencyInProgress,
  idempotencyIsolation,
  unreproducible,
  // stateful properties, every-operation matrices, generated inputs
  ...STATEFUL_PROBES,
  ...EXHAUSTIVE_PROBES,
  ...GENERATE_PROBES,
  // webhook deliveries (§11)
  ...WEBHOOK_PROBES,
];

const byId = new Map<string, Probe>();
for (const p of PROBES) {
  if (byId.has(p.definition.id)) throw new Error(`two probes are registered as ${p.definition.id}`);
  byId.set(p.definition.id, p);
}

/** The probe that planned a case (`PlannedCase.probe`). */
export const probeById = (id: string | undefined): Probe | undefined => (id === undefined ? undefined : byId.get(id));

export type { Probe } from './define.js';
export type { Observation, ProbeResult } from './types.js';
