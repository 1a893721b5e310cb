// The generated-input cases, planned from the spec alone: per operation, one case of invalid inputs
// (probe negative-data) and one of valid inputs (probe positive-data), each of --generate runs,
// in PHASE.generated, on fixtures of their own. Cases the spec says cannot run safely are planned
// skipped with the reason (a per-source-IP limit the whole run shares, an account-wide setting).
import { contractModel, IDEMPOTENCY_HEADER } from '../../../openapi/tools/contract-model.js';
import { type ResponseExample, responseExamples } from '../../../openapi/tools/example-pairs.js';
import type { Spec, SpecOperation } from '../../../openapi/tools/spec.js';
import { PROBE_RESPONSE_CHECKS } from '../checks/response.js';
import { contractOf, describePolicy, perSourceIp, policyNames } from '../contract.js';
import { isEndingOperation } from '../plan/classify.js';
import { type ExampleCase, isSingleton } from '../plan/examples.js';
import { PHASE } from '../plan/phases.js';
import type { PlanContext } from '../probes/define.js';
import type { Expectation, Json, PlannedCase } from '../types.js';
import type { GeneratedKind } from './evidence.js';
import type { FixturePlan, GeneratedParams } from './params.js';
import { caseSeed } from './property.js';
import { hasGeneratedInputs, hasInputs, type Surface, surfaceOf } from './surface.js';

/** Requests a case may spend shrinking its failures (all its runs together). */
export const SHRINK_BUDGET = 10;
/** Share of a per-resource limit one fixture may use (the rest is headroom, as for keys). */
const RESOURCE_SHARE = 0.8;

export const PROBE_OF: Record<GeneratedKind, string> = { negative: 'negative-data', positive: 'positive-data' };
export const VERDICT_OF: Record<GeneratedKind, string> = { negative: 'negative-data-rejected', positive: 'positive-data-accepted' };

/**
 * Both kinds' cases, planned together: cases that open resources an account holds few of at once
 * run one after another across the two kinds. Each probe (negative-data, positive-data) takes its own.
 */
export function generatedCases(ctx: PlanContext): PlannedCase<GeneratedParams>[] {
  const { spec, ops, examples, options } = ctx;
  if (!options.generate) return [];
  const out: PlannedCase<GeneratedParams>[] = [];
  let lastLimited: string | undefined;
  for (const so of ops) {
    const surface = surfaceOf(so);
    for (const kind of ['negative', 'positive'] as const) {
      const c = plannedCase(spec, ops, so, surface, kind, examples, options);
      // Cases that open resources an account holds few of at once (active calls) run one by one.
      if (!c.skip && concurrencyLimited(spec, ops, so, c)) {
        if (lastLimited) c.after.push(lastLimited);
        lastLimited = c.id;
      }
      out.push(c);
    }
  }
  return out;
}

function plannedCase(
  spec: Spec,
  ops: SpecOperation[],
  so: SpecOperation,
  surface: Surface,
  kind: GeneratedKind,
  examples: ExampleCase[],
  options: PlanContext['options'],
): PlannedCase<GeneratedParams> {
  const id = `${so.operationId} probe:${PROBE_OF[kind]}`;
  const base: PlannedCase<GeneratedParams> = {
    id,
    kind: 'generated',
    operationId: so.operationId,
    method: so.method,
    path: so.path,
    example: '',
    expected: expectationOf(so, kind),
    request: { name: 'generated', path: {}, query: {}, header: {} },
    phase: PHASE.generated,
    after: [],
    uses: [],
    produces: [],
    checks: [...PROBE_RESPONSE_CHECKS, VERDICT_OF[kind], 'not-a-server-error'],
    probe: PROBE_OF[kind],
    why: `${options.generate} generated ${kind === 'negative' ? 'invalid' : 'valid'} inputs`,
  };
  base.example = base.expected.example;
  const skip = skipReason(spec, ops, so, surface, kind);
  if (skip) return { ...base, skip };

  const needsFixture = surface.path.length > 0 && hasGeneratedInputs(surface);
  const fixture = needsFixture ? fixturePlan(spec, ops, so, surface, examples) : undefined;
  if (needsFixture && !fixture)
    return {
      ...base,
      skip: `no documented create links to ${so.operationId} and no id the run learns fits ${surface.path.map((p) => p.name).join(', ')}`,
    };
  const creator = fixture?.creator ? examples.find((e) => e.id === fixture.creator!.caseId) : undefined;
  const producers = Object.values(fixture?.known ?? {}).flatMap((canonical) =>
    examples.filter((e) => e.produces.includes(canonical) || e.discovers.includes(canonical)).slice(0, 1),
  );

  // A per-resource limit (commands per call) is shared by every request on the fixture.
  const cap = fixture ? resourceCap(spec, so) : Infinity;
  const runs = Math.max(1, Math.min(options.generate, cap));
  const shrinkBudget = Math.max(0, Math.min(SHRINK_BUDGET, cap - runs));
  const params: GeneratedParams = {
    kind,
    runs,
    shrinkBudget,
    seed: options.seed,
    generate: options.generate,
    caseSeed: caseSeed(options.seed, id),
    ...(fixture ? { fixture } : {}),
  };
  return {
    ...base,
    params,
    load: loadOf(spec, ops, so, kind, runs, fixture),
    uses: creator ? [...creator.uses] : Object.values(fixture?.known ?? {}),
    after: creator ? [creator.id] : producers.map((p) => p.id),
  };
}

function skipReason(spec: Spec, ops: SpecOperation[], so: SpecOperation, surface: Surface, kind: GeneratedKind): string | undefined {
  const ipPolicy = perSourceIp(contractOf(spec, so));
  if (ipPolicy) {
    const limit = describePolicy(ipPolicy);
    return `sampled out: ${so.operationId} is limited per source IP (${limit}), a budget the whole run shares and its examples use up`;
  }
  if (kind === 'negative') return hasInputs(surface) ? undefined : 'takes no input that could be sent wrong (no parameters, no body)';
  if (!hasGeneratedInputs(surfaceForValid(surface))) {
    return surface.path.length
      ? 'nothing to generate: its only inputs are path ids, which the examples already send'
      : 'takes no inputs: its examples send the one request there is';
  }
  if (so.method === 'put' && isSingleton(ops, so.path)) {
    const setting = `${so.method.toUpperCase()} ${so.path}`;
    return `replaces an account-wide setting (${setting}) every other request depends on: valid values could lock the run out`;
  }
  return undefined;
}

/** Idempotency keys are not generated for valid inputs (a repeated one would replay): what remains. */
export function surfaceForValid(surface: Surface): Surface {
  return { ...surface, header: surface.header.filter((p) => !isIdempotencyKey(p.name)) };
}

export const isIdempotencyKey = (name: string) => name.toLowerCase() === IDEMPOTENCY_HEADER;

/** The refusal a negative case expects (the operation's 422 example, else its 404), or its first success. */
function expectationOf(so: SpecOperation, kind: GeneratedKind): Expectation {
  const examples = responseExamples(so.op).filter((e) => !e.probe);
  const pick = (e: ResponseExample | undefined): Expectation | undefined =>
    e ? { status: e.status, example: e.name, mediaType: e.mediaType, value: e.value } : undefined;
  const found =
    kind === 'negative'
      ? (pick(examples.find((e) => e.status === '422')) ?? pick(examples.find((e) => e.status === '404')))
      : pick(examples.find((e) => /^2/.test(e.status)));
  return found ?? { status: kind === 'negative' ? '422' : '200', example: 'generated' };
}

/** A create's documented success that links to an operation: the first such link per (create, status). */
interface CreatorLink {
  creator: SpecOperation;
  status: string;
  link: Json;
}

// Built once per plan (keyed by its arrays), so finding a fixture costs a lookup, not a scan of every
// operation and case for each of the cases: the plan stays linear in the spec's size.
const creatorLinksOf = new WeakMap<SpecOperation[], Map<string, CreatorLink[]>>();
const examplesByOperationOf = new WeakMap<ExampleCase[], Map<string, ExampleCase[]>>();
const revealedOf = new WeakMap<ExampleCase[], string[]>();

/** Target operationId → the creates linking to it, top-level creates first (they need no parent). */
function creatorLinks(ops: SpecOperation[]): Map<string, CreatorLink[]> {
  let index = creatorLinksOf.get(ops);
  if (index) return index;
  index = new Map();
  const creators = ops.filter((o) => o.method === 'post').sort((a, b) => Number(a.path.includes('{')) - Number(b.path.includes('{')));
  for (const creator of creators)
    for (const [status, response] of Object.entries<Json>(creator.op.responses ?? {})) {
      if (!/^2/.test(status)) continue;
      const seen = new Set<string>();
      for (const link of Object.values<Json>(response.links ?? {})) {
        if (typeof link.operationId !== 'string' || seen.has(link.operationId)) continue;
        seen.add(link.operationId);
        index.set(link.operationId, [...(index.get(link.operationId) ?? []), { creator, status, link }]);
      }
    }
  creatorLinksOf.set(ops, index);
  return index;
}

function examplesByOperation(examples: ExampleCase[]): Map<string, ExampleCase[]> {
  let index = examplesByOperationOf.get(examples);
  if (!index) {
    index = new Map();
    for (const e of examples) index.set(e.operationId, [...(index.get(e.operationId) ?? []), e]);
    examplesByOperationOf.set(examples, index);
  }
  return index;
}

/** A documented create (no magic test values in it) whose answer links to the operation; else seeded ids. */
function fixturePlan(
  spec: Spec,
  ops: SpecOperation[],
  so: SpecOperation,
  surface: Surface,
  examples: ExampleCase[],
): FixturePlan | undefined {
  const magic = new Set<unknown>(contractModel(spec).testValues.map((v) => v.value));
  for (const { creator, status, link } of creatorLinks(ops).get(so.operationId) ?? []) {
    if (creator.operationId === so.operationId) continue;
    const example = (examplesByOperation(examples).get(creator.operationId) ?? []).find(
      (e) => e.produces.length > 0 && e.expected.status === status && !usesMagic(e.request, magic),
    );
    if (!example) continue;
    const params = Object.fromEntries(Object.entries<string>(link.parameters ?? {}).map(([k, v]) => [k.replace(/^path\./, ''), v]));
    if (surface.path.every((p) => typeof params[p.name] === 'string'))
      return { creator: { caseId: example.id, operationId: creator.operationId, params } };
  }
  // Nothing creates it: a canonical id of its shape that some example reveals (seeded resources).
  let revealed = revealedOf.get(examples);
  if (!revealed) {
    revealed = examples.flatMap((e) => [...e.produces, ...e.discovers]);
    revealedOf.set(examples, revealed);
  }
  const known: Record<string, string> = {};
  for (const p of surface.path) {
    const pattern = typeof p.schema.pattern === 'string' ? new RegExp(p.schema.pattern) : undefined;
    const canonical = pattern && revealed.find((id) => pattern.test(id));
    if (!canonical) return undefined;
    known[p.name] = canonical;
  }
  return { known };
}

function usesMagic(request: ExampleCase['request'], magic: Set<unknown>): boolean {
  let found = false;
  const visit = (v: unknown) => {
    if (magic.has(v)) found = true;
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit([request.path, request.query, request.body]);
  return found;
}

/** Requests one fixture may take under a per-resource limit of the operation (Infinity if none). */
function resourceCap(spec: Spec, so: SpecOperation): number {
  const limits = contractOf(spec, so).policies.filter((p) => p.per !== 'api-key' && p.per !== 'source-ip');
  return limits.length ? Math.min(...limits.map((p) => Math.max(1, Math.floor(p.limit * RESOURCE_SHARE)))) : Infinity;
}

/** The operations a create's answer links to: its reads (GETs) or its endings. */
function linked(ops: SpecOperation[], creator: SpecOperation | undefined, which: 'reads' | 'endings'): SpecOperation[] {
  const links = Object.entries<Json>(creator?.op.responses ?? {})
    .filter(([s]) => /^2/.test(s))
    .flatMap(([, r]) => Object.values<Json>(r.links ?? {}));
  const targets = links.map((l) => ops.find((o) => o.operationId === l.operationId)).filter((o): o is SpecOperation => Boolean(o));
  return [...new Set(targets)].filter((o) => (which === 'reads' ? o.method === 'get' : isEndingOperation(o.method, o.operationId)));
}

/**
 * Requests by rate-limit policy, so worker keys are minted for them: the runs, the ending of what
 * valid creates make, the fixture's create, reads and ending (on its own operations' policies).
 */
function loadOf(
  spec: Spec,
  ops: SpecOperation[],
  so: SpecOperation,
  kind: GeneratedKind,
  runs: number,
  fixture: FixturePlan | undefined,
): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (o: SpecOperation, n: number) => {
    for (const p of policyNames(contractOf(spec, o))) out[p] = (out[p] ?? 0) + n;
  };
  add(so, runs);
  if (kind === 'positive') for (const e of linked(ops, so, 'endings')) add(e, runs);
  const creator = fixture?.creator ? ops.find((o) => o.operationId === fixture.creator!.operationId) : undefined;
  if (creator) for (const o of [creator, ...linked(ops, creator, 'reads'), ...linked(ops, creator, 'endings')]) add(o, 1);
  return out;
}

/** The operation, or the create its fixture comes from, opens resources an account may hold few of at once. */
function concurrencyLimited(spec: Spec, ops: SpecOperation[], so: SpecOperation, c: PlannedCase<GeneratedParams>): boolean {
  const creatorId = c.params?.fixture?.creator?.operationId;
  const creator = creatorId ? ops.find((o) => o.operationId === creatorId) : undefined;
  return [so, creator].some((o) => o !== undefined && contractOf(spec, o).concurrency.length > 0);
}
