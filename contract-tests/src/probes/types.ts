import type { CheckContext, Evidence, Exchange, Expectation } from '../types.js';

/** One request of a probe and what to check on it. */
export interface Observation {
  /** Which request of a multi-request probe ("first", "replay" …). */
  label?: string;
  exchange?: Exchange;
  /** Defaults to the case's expectation. */
  expected?: Expectation;
  /** Defaults to the case's checks. */
  checks?: readonly string[];
  /** What its verdicts judge beyond this exchange. */
  evidence?: Evidence;
  sent?: CheckContext['sent'];
  /** Every check of this observation is skipped, for this reason. */
  skip?: string;
}

export type ProbeResult = Observation[] | { skip: string };
