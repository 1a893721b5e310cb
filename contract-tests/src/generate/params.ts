// What the plan hands a generated case's probe (PlannedCase.params).
import type { GeneratedKind } from './evidence.js';

/** Where a case gets real ids for its path parameters. */
export interface FixturePlan {
  /** A documented create whose answer links to the operation: run again, it makes a resource of the case's own. */
  creator?: {
    caseId: string;
    operationId: string;
    /** Path parameter → link expression on the create's answer (`$response.body#/id`). */
    params: Record<string, string>;
  };
  /** Path parameter → the canonical id standing for it, when nothing creates the resource (seeded numbers). */
  known?: Record<string, string>;
}

export interface GeneratedParams {
  kind: GeneratedKind;
  /** Inputs this case sends (one fast-check run each). */
  runs: number;
  /** Requests the case may spend shrinking failures, all runs together. */
  shrinkBudget: number;
  /** The run's --seed and --generate (for the replay line) and this case's own seed. */
  seed: number;
  generate: number;
  caseSeed: number;
  fixture?: FixturePlan;
}
