// The plan comes from the spec alone: one case per (operation, example pair) in a stateful order,
// plus every registered probe's own cases (probes/index.ts). Nothing here talks to a server.
import { contractModel } from '../../../openapi/tools/contract-model.js';
import { pairExamples, responseExamples } from '../../../openapi/tools/example-pairs.js';
import { listOperations, type Spec, type SpecOperation } from '../../../openapi/tools/spec.js';
import { MOCK_CHECKS, RESPONSE_CHECKS } from '../checks/response.js';
import type { PlanContext } from '../probes/define.js';
import { PROBES, probeById } from '../probes/index.js';
import type { Plan, PlannedCase, Profile } from '../types.js';
import { type ExampleCase, exampleCases, orderExampleCases } from './examples.js';
import { idsIn, knownIds } from './ids.js';
import { PHASE } from './phases.js';

export type { Plan } from '../types.js';
export { PHASE, PHASE_NAMES } from './phases.js';

export interface PlanOptions {
  profile: Profile;
  otherKey: boolean;
  /** Only cases whose id or operationId matches (a case-insensitive regular expression), with what they need. */
  only?: string;
  /** Seed of the generated inputs (default 0: a plan printed by --dry-run is reproducible). */
  seed?: number;
  /** Generated inputs per operation and kind (default 0 outside a run). */
  generate?: number;
  /** Webhook deliveries are checked (default true; --no-webhooks plans them skipped). */
  webhooks?: boolean;
}

export function buildPlan(spec: Spec, options: PlanOptions): Plan {
  const ops = listOperations(spec);
  const known = knownIds(spec);
  const producers = new Map<string, string>();
  const mock = options.profile === 'mock';
  const examples = exampleCases(ops, known, mock ? [] : [...RESPONSE_CHECKS]);
  if (!mock) {
    orderExampleCases(examples, known);
    for (const c of examples) for (const id of [...c.produces, ...c.discovers]) if (!producers.has(id)) producers.set(id, c.id);
  }
  const ctx = planContext(spec, ops, known, examples, {
    profile: options.profile,
    otherKey: options.otherKey,
    seed: options.seed ?? 0,
    generate: options.generate ?? 0,
    webhooks: options.webhooks ?? true,
  });
  let cases: PlannedCase[];
  if (mock) {
    // The documented probe examples, runnable where the probe declares the mock profile; the other
    // probes' cases planned like in the full profile so reports list them, each skipped with why.
    cases = [...exampleCases(ops, known, [...MOCK_CHECKS]), ...mockProbes(ops)];
    for (const probe of PROBES)
      if (probe.definition.kind !== 'probe') cases.push(...waitForProducers(probe.plan(ctx), known, producers).map(skipForMock));
  } else {
    cases = [...examples];
    for (const probe of PROBES) cases.push(...waitForProducers(probe.plan(ctx), known, producers));
  }
  if (options.only) cases = select(cases, options.only);
  cases.sort((a, b) => a.phase - b.phase);
  const operations = ops.map((so) => ({
    operationId: so.operationId,
    method: so.method,
    path: so.path,
    statuses: Object.keys(so.op.responses ?? {}),
    pairs: pairExamples(so.op).pairs.map((pair) => pair.name),
  }));
  return { profile: options.profile, cases, operations, ops: new Map(ops.map((o) => [o.operationId, o])), known, producers };
}

function planContext(
  spec: Spec,
  ops: SpecOperation[],
  known: ReadonlySet<string>,
  examples: ExampleCase[],
  options: PlanContext['options'],
): PlanContext {
  const derived = new Map<unknown, unknown>();
  const ctx: PlanContext = {
    spec,
    model: contractModel(spec),
    ops,
    known,
    examples,
    options,
    derive: <T>(build: (c: PlanContext) => T): T => {
      if (!derived.has(build)) derived.set(build, build(ctx));
      return derived.get(build) as T;
    },
  };
  return ctx;
}

/** A probe's case also waits for whatever creates or lists the ids its request uses. */
function waitForProducers(cases: PlannedCase[], known: ReadonlySet<string>, producers: ReadonlyMap<string, string>): PlannedCase[] {
  for (const c of cases) {
    const uses = idsIn([c.request.path, c.request.query, c.request.header, c.request.body], known);
    c.uses = [...new Set([...c.uses, ...uses])];
    for (const id of uses) {
      const p = producers.get(id);
      if (p && !c.after.includes(p)) c.after.push(p);
    }
  }
  return cases;
}

/** A stateless mock answers documented examples and refuses missing credentials; nothing else. */
function mockProbes(ops: SpecOperation[]): PlannedCase[] {
  const out: PlannedCase[] = [];
  for (const so of ops) {
    const seen = new Set<string>();
    for (const e of responseExamples(so.op)) {
      if (!e.probe || seen.has(e.probe)) continue;
      seen.add(e.probe);
      const runs = probeById(e.probe)?.definition.profiles?.includes('mock');
      const verdicts =
        probeById(e.probe)
          ?.definition.verdicts.filter((v) => v.profiles.includes('mock'))
          .map((v) => v.id) ?? [];
      out.push({
        id: `${so.operationId} probe:${e.probe}`,
        kind: 'probe',
        operationId: so.operationId,
        method: so.method,
        path: so.path,
        example: e.name,
        expected: { status: e.status, example: e.name, mediaType: e.mediaType, value: e.value, probe: e.probe },
        request: { name: 'default', path: {}, query: {}, header: {} },
        phase: PHASE.main,
        after: [],
        uses: [],
        produces: [],
        checks: runs ? ['response-received', ...verdicts] : [],
        probe: e.probe,
        ...(runs ? {} : { skip: `--profile mock: the ${e.probe} probe needs a stateful implementation` }),
      });
    }
  }
  return out;
}

/** A stateless mock keeps no state between requests: these cases are reported skipped, with why. */
function skipForMock(c: PlannedCase): PlannedCase {
  return { ...c, after: [], skip: c.skip ?? `--profile mock: ${c.probe ?? c.kind} needs a stateful implementation` };
}

function select(cases: PlannedCase[], pattern: string): PlannedCase[] {
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'i');
  } catch {
    re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  }
  const byId = new Map(cases.map((c) => [c.id, c]));
  const keep = new Set<string>();
  const visit = (c: PlannedCase) => {
    if (keep.has(c.id)) return;
    keep.add(c.id);
    for (const dep of c.after) {
      const d = byId.get(dep);
      if (d) visit(d);
    }
  };
  for (const c of cases) if (re.test(c.id) || re.test(c.operationId)) visit(c);
  return cases.filter((c) => keep.has(c.id));
}

export type { ExampleCase };
