// The stateful cases, planned from the spec alone.
import type { Spec, SpecOperation } from '../../../openapi/tools/spec.js';
import type { ExampleCase } from '../plan/examples.js';
import type { PlannedCase, Profile } from '../types.js';

export interface FamilyPlanOptions {
  profile: Profile;
  otherKey: boolean;
  /** Seed of generated inputs (printed by every run). */
  seed: number;
  /** Generated inputs per operation and kind; 0: none. */
  generate: number;
}

export function statefulCases(_spec: Spec, _ops: SpecOperation[], _known: ReadonlySet<string>, _examples: ExampleCase[], _options: FamilyPlanOptions): PlannedCase[] {
  return [];
}
