// The evidence a generated request carries to its checks (evidence kind `generated`): which input it
// was, how it was made (seed, run, the field it breaks), how far it was shrunk, and how to replay it.
import { evidenceOf } from '../checks/define.js';
import type { CheckContext, Evidence } from '../types.js';
import type { Location } from './fields.js';
import type { Rule } from './negative.js';

export type GeneratedKind = 'negative' | 'positive';

export interface BrokenField {
  location: Location;
  /** As the API names fields: `body.schedule.start_at`, `query.limit`, `path.agent_id`. */
  field: string;
  rule: Rule;
}

export interface Shrinking {
  /** Requests spent shrinking (bounded by the case's budget). */
  requests: number;
  /** The input as first generated, before shrinking. */
  from: string;
  /** True when the budget ran out before shrinking was done. */
  exhausted: boolean;
}

export interface GeneratedEvidence {
  kind: GeneratedKind;
  /** Run number inside its case, from 1. */
  run: number;
  /** What the run drew from: a kind of breakage, or a corner of the valid inputs. */
  variant: string;
  /** The run's --seed and the fast-check seed this input came from. */
  seed: number;
  fcSeed: number;
  /** Negative inputs: the one field broken. */
  broken?: BrokenField;
  /** The inputs sent (path, query, header, body), compact JSON, shortened. */
  input: string;
  shrunk?: Shrinking;
  /** Command-line flags that replay this case. */
  replay: string;
}

declare module '../types.js' {
  interface EvidenceKinds {
    generated: { generated: GeneratedEvidence };
  }
}

/** The generated evidence of a check's exchange, when it has some. */
export const generatedOf = (ctx: Pick<CheckContext, 'evidence'>): GeneratedEvidence | undefined => evidenceOf(ctx, 'generated')?.generated;

export const asEvidence = (generated: GeneratedEvidence): Evidence => ({ kind: 'generated', generated });

const MAX_SHOWN = 400;

/** Compact JSON, cut short with a note of its full length. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length <= MAX_SHOWN ? text : `${text.slice(0, MAX_SHOWN)}… (${text.length} chars)`;
}

/** The tail every generated failure message ends with: the input, its seed, the replay. */
export function provenance(e: GeneratedEvidence): string {
  const shrink = e.shrunk
    ? `, shrunk in ${e.shrunk.requests} request${e.shrunk.requests === 1 ? '' : 's'}${e.shrunk.exhausted ? ' (budget spent)' : ''}`
    : '';
  return `input ${e.input} (run ${e.run}, ${e.variant}; seed ${e.seed}, fast-check seed ${e.fcSeed}${shrink}); replay: ${e.replay}`;
}
