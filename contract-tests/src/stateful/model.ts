// The stateful cases' vocabulary: what the plan derives from the spec for one resource family
// (kept in PlannedCase.params, plain JSON) and the typed evidence probes hand to the checks.
// No imports of probes or checks: both import it.
import type { ExampleRequest } from '../../../openapi/tools/example-pairs.js';
import type { Json } from '../types.js';

/** A field the API keeps unique (the create's 409 example repeats it): each fresh create varies it. */
export interface UniqueField {
  field: string;
  /** The schema fixes the value's shape (pattern, format): vary characters in place, never append. */
  shaped: boolean;
  maxLength?: number;
}

/** How to make a fresh resource of a family from its documented create example. */
export interface CreateTemplate {
  operationId: string;
  example: string;
  /** The documented request, canonical ids unmapped, optional references to other resources dropped. */
  request: ExampleRequest;
  status: string;
  /** The documented id of the example's resource. */
  canonicalId: string;
  unique: UniqueField[];
  /** Optional fields left out: they claim another resource (an agent's number is one agent's only). */
  dropped: string[];
  /** The Idempotency-Key header an idempotent create takes (a fresh UUID each time). */
  idempotencyHeader?: string;
}

/** What "reads back equal" allows (README, Stateful properties). */
export interface ReadBackRules {
  /** In the create answer, absent from the read's schema: shown once (a secret). */
  shownOnce: string[];
  /** Top-level fields the spec's own create and read examples of one id show different (a call settling). */
  documentedChanges: string[];
  /** date-time fields: may move forward, or go from null to a value, never back. */
  dateTimes: string[];
}

export interface UpdateTemplate {
  operationId: string;
  example: string;
  request: ExampleRequest;
  status: string;
  unique: UniqueField[];
  /** Fields of the read's schema: a sent field outside it is write-only and not compared. */
  readable: string[];
}

/** A field the documented ending changes: an enum takes the documented value, a null gets one. */
export interface EndedField {
  field: string;
  equals?: unknown;
  nonNull?: boolean;
}

export interface DocumentedAnswer {
  status: string;
  code?: string;
}

export interface EndingTemplate {
  operationId: string;
  example: string;
  request: ExampleRequest;
  status: string;
  /** `gone`: the documented answer says `deleted: true`; `ended`: it shows the resource ended. */
  mode: 'gone' | 'ended';
  endedState: EndedField[];
  /** Ending it again: the ending's documented 404 (gone) or 409 (ended) example. */
  again?: DocumentedAnswer;
  /** Reading it after: the read's documented 404 (gone), or 200 in its ended state. */
  readAfter: DocumentedAnswer;
}

export interface FamilyPlan {
  collection: string;
  /** One fresh resource serves the family's probes in turn; false when its create counts against a concurrency limit. */
  shared: boolean;
  read: string;
  list?: string;
  create: CreateTemplate;
  rules: ReadBackRules;
  update?: UpdateTemplate;
  ending?: EndingTemplate;
}

export interface ListPlan {
  operationId: string;
  /** The page size's documented maximum: one page that big is the reference order. */
  max: number;
  /** An id of the listed kind no server issued: prefix and 22 zeros. */
  unknownCursor: string;
  /** The documented answer to a cursor that is not an item of the list. */
  refusal?: DocumentedAnswer & { field: string };
  /** When the family can be created: fresh items top the list up to MIN_ITEMS. */
  family?: FamilyPlan;
}

// ---------------------------------------------------------------------------------------------
// Evidence (Observation.evidence), one shape per step, told apart by `kind`.

export interface ReadBackEvidence {
  kind: 'read-back';
  created: Json;
  rules: ReadBackRules;
}

export interface ListedEvidence {
  kind: 'listed';
  id: string;
  /** The item as listed, when found. */
  found?: Json;
  /** Every page was read (has_more went false) within the bound. */
  complete: boolean;
  pages: number;
  /** What a page answered instead of a page. */
  error?: string;
  /** `absent`: deleted; `absent-or-ended`: gone from the list, or listed in its ended state. */
  want: 'present' | 'absent' | 'absent-or-ended';
  endedState?: EndedField[];
}

export interface UpdateEvidence {
  kind: 'read-after-update';
  sent: Json;
  readable: string[];
}

interface AfterEnd {
  want: DocumentedAnswer;
  endedState: EndedField[];
  endedBy: string;
}

export interface ReadAfterEndEvidence extends AfterEnd {
  kind: 'read-after-end';
}

export interface EndAgainEvidence extends AfterEnd {
  kind: 'end-again';
}

export interface LimitEvidence {
  kind: 'page-limit';
  limit: number;
  /** data.length of every page requested with that limit. */
  sizes: number[];
}

export interface WalkEvidence {
  kind: 'page-walk';
  limit: number;
  /** Ids of one page of the documented maximum size: the order every walk must reproduce. */
  expected: string[];
  /** That page held the whole list (has_more false). */
  expectedComplete: boolean;
  pages: string[][];
  /** The walk stopped: `end` (has_more false), `enough` (as many items as expected), `cap` (page bound), `no-cursor`, `error`. */
  stoppedBy: 'end' | 'enough' | 'cap' | 'no-cursor' | 'error';
  cap: number;
  /** What the page that stopped the walk answered instead of a page. */
  error?: string;
}

export interface UnknownCursorEvidence {
  kind: 'unknown-cursor';
  cursor: string;
  want: DocumentedAnswer & { field: string };
}

export type StatefulEvidence =
  | ReadBackEvidence
  | ListedEvidence
  | UpdateEvidence
  | ReadAfterEndEvidence
  | EndAgainEvidence
  | LimitEvidence
  | WalkEvidence
  | UnknownCursorEvidence;

declare module '../types.js' {
  interface EvidenceKinds {
    'read-back': Omit<ReadBackEvidence, 'kind'>;
    listed: Omit<ListedEvidence, 'kind'>;
    'read-after-update': Omit<UpdateEvidence, 'kind'>;
    'read-after-end': Omit<ReadAfterEndEvidence, 'kind'>;
    'end-again': Omit<EndAgainEvidence, 'kind'>;
    'page-limit': Omit<LimitEvidence, 'kind'>;
    'page-walk': Omit<WalkEvidence, 'kind'>;
    'unknown-cursor': Omit<UnknownCursorEvidence, 'kind'>;
  }
}
