// The runner's shared vocabulary: HTTP exchanges, checks and their typed failures, planned cases
// and the one event stream every reporter consumes.
import type { ExampleRequest } from '../../openapi/tools/example-pairs.js';
import type { SchemaValidator } from '../../openapi/tools/schema-validator.js';
import type { SpecOperation } from '../../openapi/tools/spec.js';
import type { Coverage } from './coverage.js';

export type Profile = 'full' | 'mock';
export type Json = Record<string, any>;

// ---------------------------------------------------------------------------------------------
// HTTP

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Shown by curl instead of a body too large to print. */
  bodyNote?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text: string;
  bytes: number;
  /** The parsed body when it is JSON (by content type or by shape). */
  json?: unknown;
  /** Why a body that claims to be JSON could not be parsed. */
  jsonError?: string;
  durationMs: number;
}

export type TransportErrorKind = 'timeout' | 'connection-reset' | 'connection-refused' | 'body-too-large' | 'aborted' | 'network';

export interface TransportError {
  kind: TransportErrorKind;
  message: string;
}

/** How a request presented (or withheld) an API key. */
export interface Credential {
  kind: 'none' | 'valid' | 'malformed' | 'unknown' | 'revoked' | 'expired';
  via: 'bearer' | 'x-api-key' | 'both' | 'query' | 'body' | 'none';
  /** Placeholder curl prints instead of the secret, e.g. `$CONTRACT_KEY`. */
  label: string;
  /** Scopes of the key, when the runner minted it. */
  scopes?: string[];
}

export interface Exchange {
  request: HttpRequest;
  response?: HttpResponse;
  error?: TransportError;
  credential: Credential;
  /** Set when an unprovoked 429 was waited out and the request sent again. */
  retriedAfter429?: boolean;
  /** The id of a resource this very request created (registered for cleanup). */
  created?: string;
}

// ---------------------------------------------------------------------------------------------
// Checks

export interface Failure {
  check: string;
  title: string;
  severity: 'error' | 'warning';
  message: string;
  documented?: unknown;
  received?: unknown;
  /** JSON pointer into the response body (or `/headers/<name>`). */
  pointer?: string;
}

export type FailureInput = Omit<Failure, 'check' | 'title' | 'severity'> & { severity?: Failure['severity'] };

export interface Skip {
  skip: string;
  /** The check does not apply to this response at all (not reported, unlike a skip). */
  na?: boolean;
}

export type CheckOutcome = FailureInput[] | Skip;

export interface Expectation {
  status: string;
  /** Response example name. */
  example: string;
  mediaType?: string;
  /** The example's value as documented (canonical ids: checks map them through `ids`). */
  value?: unknown;
  probe?: string;
}

export interface OperationInfo {
  operationId: string;
  method: string;
  path: string;
  op: SpecOperation['op'];
  /** Scopes of the operation's security requirements. */
  scopes: string[];
}

export interface CheckContext {
  profile: Profile;
  operation: OperationInfo;
  expected: Expectation;
  validator: SchemaValidator;
  /** The whole spec, to resolve schema refs. */
  spec: Json;
  /** The inputs sent, ids mapped: for echoed-input comparisons. */
  sent: { path: Json; query: Json; header: Json; body?: unknown };
  /** Canonical documented id → the id the server returned. */
  ids: ReadonlyMap<string, string>;
  /** Canonical ids this case creates (their values are generated, not compared). */
  produces: readonly string[];
  /** Every key secret the runner knows; none may appear outside create/rotate answers. */
  secrets: ReadonlySet<string>;
  /** What the probe observed beyond this exchange (earlier exchanges, counts …), typed by kind. */
  evidence?: Evidence;
}

/**
 * Evidence a probe hands its verdict checks, one shape per kind. Each probe's file adds its own
 * kind by declaration merging (`declare module '…/types.js' { interface EvidenceKinds { … } }`),
 * so a new probe brings its evidence type with it and no central list grows.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in the probes' files
export interface EvidenceKinds {}

export type EvidenceKind = keyof EvidenceKinds;
export type Evidence = { [K in EvidenceKind]: { kind: K } & EvidenceKinds[K] }[EvidenceKind];

export type CheckFn = (ctx: CheckContext, ex: Exchange) => CheckOutcome;

/**
 * response: runs on every exchange of its profiles (status, schema, headers …);
 * verdict: a probe's judgement, run only on the cases of the probe that owns it.
 */
export type CheckRole = 'response' | 'verdict';

export interface Check {
  id: string;
  title: string;
  role: CheckRole;
  /** Profiles whose targets can honour the check (a stateless mock cannot honour all of them). */
  profiles: readonly Profile[];
  run: CheckFn;
}

// ---------------------------------------------------------------------------------------------
// Plan

/**
 * example: one documented pair replayed; probe: one documented refusal or promise provoked;
 * stateful: a property across exchanges (read-after-create, pages, isolation, the scope matrix);
 * generated: inputs nobody documented, seeded and shrunk. All but examples run a probe executor.
 */
export type CaseKind = 'example' | 'probe' | 'stateful' | 'generated';

export interface PlannedCase<Params = unknown> {
  /** Unique and stable: `operationId example` or `operationId probe:<id>[:variant]`. */
  id: string;
  kind: CaseKind;
  operationId: string;
  method: string;
  path: string;
  /** The documented example this case reproduces (response example name). */
  example: string;
  expected: Expectation;
  /** The request, canonical ids not yet mapped. */
  request: ExampleRequest;
  phase: number;
  /** Cases that must have run first (producers of ids, state the case needs). */
  after: string[];
  uses: string[];
  produces: string[];
  /** Checks run on the response, by id. */
  checks: string[];
  probe?: string;
  variant?: string;
  /** The probe's own parameters (policy, limit …), typed by the probe that plans and runs the case. */
  params?: Params;
  /**
   * Requests the case sends on worker keys, by rate-limit policy, when the probe's declared
   * per-case count does not say it (generated cases size theirs): worker keys are minted for it.
   */
  load?: Record<string, number>;
  /** Reason when the plan already knows the case cannot run. */
  skip?: string;
  /** Why the case sits where it does in the order (shown by --dry-run). */
  why?: string;
}

/** What a run executes: the cases in phase order and what they were planned from (plan/index.ts builds it). */
export interface Plan {
  profile: Profile;
  cases: PlannedCase[];
  operations: OperationSummary[];
  ops: Map<string, SpecOperation>;
  known: Set<string>;
  /** Canonical id → the case that creates or lists it. */
  producers: Map<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Results and events

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  check: string;
  status: CheckStatus;
  /** One line: the first failure's message, or the skip reason. */
  message?: string;
  failures?: Failure[];
  /** Which request of a multi-request probe this result is about. */
  observation?: string;
  curl?: string;
}

/** What reporters see of a case: its identity and the documented status it expects. */
export type CaseSummary = Pick<PlannedCase, 'id' | 'kind' | 'operationId' | 'method' | 'path' | 'example' | 'probe'> & {
  status: string;
};

export interface OperationSummary {
  operationId: string;
  method: string;
  path: string;
  statuses: string[];
  /** Names of its example pairs (the replay cases it documents). */
  pairs: string[];
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  cases: number;
  requests: number;
  /** Cases that ran (not skipped whole), by kind: how many stateful and generated cases there were. */
  ran: Record<CaseKind, number>;
}

export type RunnerEvent =
  | {
      type: 'run-start';
      server: string;
      profile: Profile;
      operations: OperationSummary[];
      cases: number;
      checks: string[];
      seed: number;
      generate: number;
    }
  | { type: 'note'; message: string }
  | { type: 'case-end'; case: CaseSummary; results: CheckResult[]; durationMs: number }
  | { type: 'run-end'; summary: Summary; coverage: Coverage; durationMs: number };

export type Reporter = (event: RunnerEvent) => void | Promise<void>;
