// What the breaking-change gate speaks: a rule compares two contract models and answers typed
// changes; the gate (diff.ts) runs the registry, applies the accepted changes and decides.
import type { ContractModel } from '../contract-model.js';
import type { SourceLocation } from '../sources.js';

/** breaking: a client written against the base may fail; non-breaking: compatible, worth knowing; info: no effect on the wire. */
export type Level = 'breaking' | 'non-breaking' | 'info';
export const LEVELS: readonly Level[] = ['breaking', 'non-breaking', 'info'];

/** Where a change sits in the spec, resolved to a file:line of openapi/ by locate.ts. */
export type Where =
  | { kind: 'operation'; operationId: string; method: string; path: string; status?: string; key?: string }
  | { kind: 'path'; path: string }
  | { kind: 'component'; section: string; name: string; needle?: string }
  | { kind: 'webhook'; name: string }
  | { kind: 'root'; key: string; needle?: string };

export interface Change {
  rule: string;
  level: Level;
  message: string;
  /** The operation (operationId) or webhook event it concerns, if any: what accepted changes match on. */
  operation?: string;
  /** What changed inside it (`body.to`, `query.limit`, `header.idempotency-key`, a code …): superseding matches on it. */
  subject?: string;
  where: Where;
  location?: SourceLocation;
  /** Set by the gate when openapi/accepted-changes.yaml accepts it, with that entry's reason. */
  accepted?: string;
}

export type ChangeInput = Omit<Change, 'rule' | 'level' | 'location' | 'accepted'>;

export interface DiffRule {
  id: string;
  level: Level;
  /** One sentence: what the rule reports and why it has its level. */
  description: string;
  /** The convention it protects: a section of openapi/README.md or ARCHITECTURE.md. */
  reference: string;
  /** Rule ids whose change on the same operation and subject this rule's change replaces (one finding, the precise name). */
  supersedes?: readonly string[];
  check(base: ContractModel, head: ContractModel): ChangeInput[];
}

/** A rule, typed; `defineRule` exists so each rule file reads as one declaration. */
export const defineRule = (rule: DiffRule): DiffRule => rule;
