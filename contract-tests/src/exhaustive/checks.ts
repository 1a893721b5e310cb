// The exhaustive checks, registered with the rest by checks/index.ts.
import type { Check } from '../types.js';
import { concurrencyLimitExact } from './concurrency-check.js';
import { rateLimitCountsExact, rateLimitDocumented } from './counter-checks.js';
import { aggregateIsolationVerdict, listIsolationVerdict } from './isolation-checks.js';
import { scopeMatrixAllowed, scopeMatrixRefused } from './scope-matrix-checks.js';

export const EXHAUSTIVE_CHECKS: Check[] = [
  scopeMatrixRefused,
  scopeMatrixAllowed,
  listIsolationVerdict,
  aggregateIsolationVerdict,
  rateLimitCountsExact,
  rateLimitDocumented,
  concurrencyLimitExact,
];
