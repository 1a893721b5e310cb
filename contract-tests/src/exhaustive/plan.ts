// The exhaustive cases (every operation, every list, every policy), planned from the spec alone:
// the scope matrix, tenant isolation of lists and aggregates, the exact concurrency limit. (The
// exact rate-limit counters ride on the exhaustion probes, probes/limits.ts; cross-account
// writes on plan/probes.ts's cross-account cases.)
import type { Spec, SpecOperation } from '../../../openapi/tools/spec.js';
import type { ExampleCase } from '../plan/examples.js';
import type { PlannedCase, Profile } from '../types.js';
import { concurrencyCases } from './plan-concurrency.js';
import { isolationCases } from './plan-isolation.js';
import { scopeMatrixCases } from './plan-matrix.js';

export interface FamilyPlanOptions {
  profile: Profile;
  otherKey: boolean;
  /** Seed of generated inputs (printed by every run). */
  seed: number;
  /** Generated inputs per operation and kind; 0: none. */
  generate: number;
}

export function exhaustiveCases(
  spec: Spec,
  ops: SpecOperation[],
  known: ReadonlySet<string>,
  examples: ExampleCase[],
  options: FamilyPlanOptions,
): PlannedCase[] {
  return [
    ...scopeMatrixCases(spec, ops, known, examples),
    ...isolationCases(spec, ops, known, examples, options.otherKey),
    ...concurrencyCases(spec, ops, known, examples),
  ];
}
