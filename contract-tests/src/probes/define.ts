// How a probe is declared: ONE definition says what it is (id, title, the verdicts it owns, where it
// runs, the keys it presents, what the rate limits count of it), plans its own cases from the spec
// and runs them. The registry (probes/index.ts) lists definitions; the plan, the worker-key sizing,
// the warm-ups and the check registry are all read off it, so adding a probe is its file plus one
// registry line (ARCHITECTURE.md §11).
import type { ContractModel } from '../../../openapi/tools/contract-model.js';
import type { ExampleRequest, ResponseExample } from '../../../openapi/tools/example-pairs.js';
import type { Spec, SpecOperation } from '../../../openapi/tools/spec.js';
import { PROBE_RESPONSE_CHECKS } from '../checks/response.js';
import type { ExampleCase } from '../plan/examples.js';
import type { RunEnv } from '../run-env.js';
import type { CaseKind, Check, Expectation, PlannedCase, Profile } from '../types.js';
import type { ProbeResult } from './types.js';

/**
 * The keys a probe presents. `other-account` cases are planned skipped without --other-key; the
 * rest document what a run mints (ARCHITECTURE.md §2).
 */
export type KeyUse =
  | 'none'
  | 'worker'
  | 'admin'
  | 'malformed'
  | 'unknown'
  | 'revoked'
  | 'expired'
  | 'fresh'
  | 'narrow-scopes'
  | 'ip-restricted'
  | 'exhausted'
  | 'other-account';

/** What the rate limits count of one case. */
export interface ProbeCounts {
  /** Requests one case sends on worker keys (sizes the worker pool; 0 when it brings keys of its own or is refused first). */
  workerRequests: number;
  /** Whether a per-source-IP limit counts its requests (false: refused before any key is known). */
  perSourceIp: boolean;
}

export interface PlanOptionsSeen {
  profile: Profile;
  otherKey: boolean;
  /** Seed of generated inputs (printed by every run). */
  seed: number;
  /** Generated inputs per operation and kind; 0: none. */
  generate: number;
  /** Webhook deliveries are checked (false with --no-webhooks). */
  webhooks: boolean;
}

/** What a probe plans from: the spec, its model, the documented example cases in their order. */
export interface PlanContext {
  spec: Spec;
  model: ContractModel;
  ops: SpecOperation[];
  known: ReadonlySet<string>;
  examples: ExampleCase[];
  options: PlanOptionsSeen;
  /** An analysis several probes share (families, targets, the exhaustion plan), computed once per plan. */
  derive<T>(build: (ctx: PlanContext) => T): T;
}

export interface ProbeDefinition<Params = undefined> {
  id: string;
  title: string;
  /** How reports count its cases. */
  kind: Exclude<CaseKind, 'example'>;
  /** Case ids read `<operationId> <prefix>:<id>[:<variant>]`; default `probe`. */
  caseIdPrefix?: string;
  /** The phase its cases run in unless a case says otherwise (plan/phases.ts). */
  phase: number;
  /** The verdict checks it owns; each case names the ones it runs. */
  verdicts: readonly Check[];
  keys: readonly KeyUse[];
  counts: ProbeCounts;
  /** Profiles it runs against; default the full one (a mock keeps no state). */
  profiles?: readonly Profile[];
  plan(ctx: PlanContext): PlannedCase<Params>[];
  /** Started once before the phases when one of its cases will run (an expiring key's clock …). */
  warmUp?(env: RunEnv, cases: readonly PlannedCase<Params>[]): void;
  run(env: RunEnv, c: PlannedCase<Params>): Promise<ProbeResult>;
}

/** A definition as the registry holds it: the parameters are the probe's own business. */
export interface Probe {
  readonly definition: Omit<ProbeDefinition<unknown>, 'plan' | 'run' | 'warmUp'>;
  plan(ctx: PlanContext): PlannedCase[];
  warmUp(env: RunEnv, cases: readonly PlannedCase[]): void;
  run(env: RunEnv, c: PlannedCase): Promise<ProbeResult>;
}

/**
 * Registers a definition. The runner hands `run` only cases this probe planned (matched by
 * `PlannedCase.probe`), so their parameters are the ones its `plan` wrote.
 */
export function defineProbe<Params = undefined>(def: ProbeDefinition<Params>): Probe {
  const { plan, run, warmUp, ...definition } = def;
  const own = (c: PlannedCase) => c as PlannedCase<Params>;
  return {
    definition,
    plan: (ctx) => plan(ctx),
    warmUp: (env, cases) => warmUp?.(env, cases.map(own)),
    run: (env, c) => run(env, own(c)),
  };
}

/** What a planned case needs said; the rest comes from the definition. */
export interface CaseSpec<Params> {
  so: Pick<SpecOperation, 'operationId' | 'method' | 'path'>;
  variant?: string;
  /** The documented answer it expects. */
  expected: ResponseExample | Expectation;
  request: ExampleRequest;
  /** Verdict ids it runs (default: all the probe's verdicts); [] runs nothing. */
  verdicts?: readonly string[];
  /** Whether the response checks run too (default yes, when any verdict runs). */
  responseChecks?: boolean;
  phase?: number;
  params?: Params;
  skip?: string;
  after?: string[];
  why: string;
}

/**
 * One case of a probe. `after` gains, in plan/index.ts, whatever creates or lists the ids its request
 * uses; a probe that presents the other account's key is skipped without one.
 */
export function probeCase<Params>(
  def: Pick<ProbeDefinition<Params>, 'id' | 'kind' | 'caseIdPrefix' | 'phase' | 'verdicts' | 'keys'>,
  s: CaseSpec<Params>,
  ctx: PlanContext,
): PlannedCase<Params> {
  const expected: Expectation =
    'example' in s.expected
      ? s.expected
      : { status: s.expected.status, example: s.expected.name, mediaType: s.expected.mediaType, value: s.expected.value };
  const verdicts = s.verdicts ?? def.verdicts.map((v) => v.id);
  const checks =
    s.responseChecks === false ? [...verdicts] : s.responseChecks || verdicts.length ? [...PROBE_RESPONSE_CHECKS, ...verdicts] : [];
  const skip = (def.keys.includes('other-account') && !ctx.options.otherKey ? NEEDS_OTHER_KEY : undefined) ?? s.skip;
  return {
    id: `${s.so.operationId} ${def.caseIdPrefix ?? 'probe'}:${def.id}${s.variant ? `:${s.variant}` : ''}`,
    kind: def.kind,
    operationId: s.so.operationId,
    method: s.so.method,
    path: s.so.path,
    example: expected.example,
    expected: { ...expected, probe: def.id },
    request: s.request,
    phase: s.phase ?? def.phase,
    after: [...(s.after ?? [])],
    uses: [],
    produces: [],
    checks,
    probe: def.id,
    ...(s.variant ? { variant: s.variant } : {}),
    ...(s.params !== undefined ? { params: s.params } : {}),
    ...(skip ? { skip } : {}),
    why: s.why,
  };
}

export const NEEDS_OTHER_KEY = 'needs --other-key (a key of a second account)';
