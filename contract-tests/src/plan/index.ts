// The plan comes from the spec alone: one case per (operation, example pair) in a stateful order,
// plus the probes. Nothing here talks to a server.
import { responseExamples } from '../../../openapi/tools/example-pairs.js';
import { listOperations, type Spec, type SpecOperation } from '../../../openapi/tools/spec.js';
import { MOCK_CHECKS, RESPONSE_CHECKS } from '../checks/index.js';
import { exhaustiveCases } from '../exhaustive/plan.js';
import { generatedCases } from '../generate/plan.js';
import { statefulCases } from '../stateful/plan.js';
import type { OperationSummary, PlannedCase, Profile } from '../types.js';
import { type ExampleCase, exampleCases, orderExampleCases } from './examples.js';
import { knownIds } from './ids.js';
import { PHASE } from './phases.js';
import { probeCases } from './probes.js';

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
}

export interface Plan {
  profile: Profile;
  cases: PlannedCase[];
  operations: OperationSummary[];
  ops: Map<string, SpecOperation>;
  known: Set<string>;
  /** Canonical id → the case that creates or lists it. */
  producers: Map<string, string>;
}

export function buildPlan(spec: Spec, options: PlanOptions): Plan {
  const ops = listOperations(spec);
  const known = knownIds(spec);
  const producers = new Map<string, string>();
  let cases: PlannedCase[];
  if (options.profile === 'mock') {
    cases = [...exampleCases(ops, known, MOCK_CHECKS), ...mockProbes(ops)];
    const examples = exampleCases(ops, known, []);
    const family = { profile: options.profile, otherKey: options.otherKey, seed: options.seed ?? 0, generate: options.generate ?? 0 };
    // Planned like in the full profile so reports list them, each skipped with its reason.
    cases.push(
      ...[...statefulCases(spec, ops, known, examples, family), ...exhaustiveCases(spec, ops, known, examples, family)]
        .map(kind('stateful'))
        .map(skipForMock),
      ...generatedCases(spec, ops, known, examples, family).map(kind('generated')).map(skipForMock),
    );
  } else {
    const examples = exampleCases(ops, known, RESPONSE_CHECKS);
    orderExampleCases(examples, known);
    for (const c of examples) for (const id of [...c.produces, ...c.discovers]) if (!producers.has(id)) producers.set(id, c.id);
    const family = { profile: options.profile, otherKey: options.otherKey, seed: options.seed ?? 0, generate: options.generate ?? 0 };
    cases = [
      ...examples,
      ...probeCases(spec, ops, known, examples, { otherKey: options.otherKey }),
      ...[...statefulCases(spec, ops, known, examples, family), ...exhaustiveCases(spec, ops, known, examples, family)].map(
        kind('stateful'),
      ),
      ...generatedCases(spec, ops, known, examples, family).map(kind('generated')),
    ];
  }
  if (options.only) cases = select(cases, options.only);
  cases.sort((a, b) => a.phase - b.phase);
  const operations = ops.map((so) => ({
    operationId: so.operationId,
    method: so.method,
    path: so.path,
    statuses: Object.keys(so.op.responses ?? {}),
  }));
  return { profile: options.profile, cases, operations, ops: new Map(ops.map((o) => [o.operationId, o])), known, producers };
}

/** A stateless mock answers documented examples and refuses missing credentials; nothing else. */
function mockProbes(ops: SpecOperation[]): PlannedCase[] {
  const out: PlannedCase[] = [];
  for (const so of ops) {
    const seen = new Set<string>();
    for (const e of responseExamples(so.op)) {
      if (!e.probe || seen.has(e.probe)) continue;
      seen.add(e.probe);
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
        checks: e.probe === 'missing-key' ? ['response-received', 'missing-key-refused'] : [],
        probe: e.probe,
        ...(e.probe === 'missing-key' ? {} : { skip: `--profile mock: the ${e.probe} probe needs a stateful implementation` }),
      });
    }
  }
  return out;
}

const kind =
  (k: 'stateful' | 'generated') =>
  (c: PlannedCase): PlannedCase => ({ ...c, kind: k });

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
