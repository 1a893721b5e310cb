// The stateful cases, planned from the spec alone: per resource family, read-after-create,
// read-after-update and use-after-delete on fresh resources of their own; per list, the page walk
// and the unknown cursor. All run in PHASE.stateful, after the documented examples are done.
import { pairExamples } from '../../../openapi/tools/example-pairs.js';
import type { Spec, SpecOperation } from '../../../openapi/tools/spec.js';
import type { ExampleCase } from '../plan/examples.js';
import { idsIn } from '../plan/ids.js';
import { PHASE } from '../plan/phases.js';
import type { Json, PlannedCase, Profile } from '../types.js';
import { CURSOR, type Family, families, listItemSchema, pageSizeMax } from './family.js';
import type { FamilyPlan, ListPlan } from './model.js';
import { familyPlan } from './templates.js';

export interface FamilyPlanOptions {
  profile: Profile;
  otherKey: boolean;
  /** Seed of generated inputs (printed by every run). */
  seed: number;
  /** Generated inputs per operation and kind; 0: none. */
  generate: number;
}

/** The unknown-id convention (openapi/README): the prefix followed by 22 zeros. */
export function unknownIdOf(spec: Spec, list: SpecOperation): string | undefined {
  const pattern = listItemSchema(spec, list)?.properties?.id?.pattern;
  const prefix = typeof pattern === 'string' ? /^\^?([a-z]+)_/.exec(pattern)?.[1] : undefined;
  return prefix ? `${prefix}_${'0'.repeat(22)}` : undefined;
}

export function listPlan(spec: Spec, list: SpecOperation, family: FamilyPlan | undefined): ListPlan {
  const invalid = pairExamples(list.op).pairs.find((p) => p.response.status === '422');
  const code = (invalid?.response.value as Json | undefined)?.code;
  return {
    operationId: list.operationId,
    max: pageSizeMax(spec, list),
    unknownCursor: unknownIdOf(spec, list) ?? '',
    // Invalid query parameters are the documented 422, its errors naming `<in>.<name>` (ValidationError's example).
    ...(invalid ? { refusal: { status: '422', ...(typeof code === 'string' ? { code } : {}), field: `query.${CURSOR}` } } : {}),
    ...(family ? { family } : {}),
  };
}

function statefulCase(
  so: SpecOperation,
  property: string,
  checks: string[],
  params: Json,
  why: string,
  extra: Partial<PlannedCase> = {},
): PlannedCase {
  return {
    id: `${so.operationId} stateful:${property}`,
    kind: 'probe',
    operationId: so.operationId,
    method: so.method,
    path: so.path,
    example: extra.example ?? 'default',
    expected: extra.expected ?? { status: '200', example: extra.example ?? 'default' },
    request: extra.request ?? { name: 'default', path: {}, query: {}, header: {} },
    phase: PHASE.stateful,
    after: [],
    uses: [],
    produces: [],
    checks,
    probe: property,
    params,
    why,
    ...(extra.skip ? { skip: extra.skip } : {}),
  };
}

function listCases(spec: Spec, list: SpecOperation, family: FamilyPlan | undefined): PlannedCase[] {
  const plan = listPlan(spec, list, family);
  const request = plan.family?.create.request;
  const pages = statefulCase(
    list,
    'pages',
    ['limit-honoured', 'cursor-walk'],
    { list: plan },
    'small pages walked by next_cursor against one big page',
    request ? { request } : {},
  );
  const skip = !plan.unknownCursor
    ? `${list.operationId}'s items document no id pattern to build an unknown id from`
    : !plan.refusal
      ? `${list.operationId} documents no 422 for invalid query parameters`
      : undefined;
  const unknown = statefulCase(
    list,
    'unknown-cursor',
    ['unknown-cursor-refused'],
    { list: plan },
    `starting_after=${plan.unknownCursor || '?'}`,
    skip ? { skip } : {},
  );
  return [pages, unknown];
}

/** A family's cases, in the order they share its fresh resource: create, update, pages, then the ending. */
function familyCases(spec: Spec, family: Family, plan: FamilyPlan): PlannedCase[] {
  const tpl = plan.create;
  const fromExample = { example: tpl.example, expected: { status: tpl.status, example: tpl.example }, request: tpl.request };
  const out = [
    statefulCase(
      family.create!,
      'read-after-create',
      ['read-after-create'],
      { family: plan },
      `a fresh copy of "${tpl.example}", read back and listed`,
      fromExample,
    ),
  ];
  if (plan.update && family.update) {
    const why = `the "${plan.update.example}" update on a fresh copy, read back`;
    out.push(statefulCase(family.update, 'read-after-update', ['read-after-update'], { family: plan }, why, fromExample));
  }
  if (family.list) out.push(...listCases(spec, family.list, plan));
  if (plan.ending && family.ending) {
    const why = `the "${plan.ending.example}" ending on a fresh copy, then read, repeat, list`;
    out.push(statefulCase(family.ending, 'use-after-delete', ['use-after-delete'], { family: plan }, why, fromExample));
  }
  return out;
}

export function statefulCases(
  spec: Spec,
  ops: SpecOperation[],
  known: ReadonlySet<string>,
  examples: ExampleCase[],
  _options: FamilyPlanOptions,
): PlannedCase[] {
  const ended = new Map<string, string>();
  for (const c of examples) if (c.role === 'destroy' && c.resource) ended.set(c.resource, c.id);
  const out: PlannedCase[] = [];
  for (const family of families(spec, ops)) {
    const plan = family.create ? familyPlan({ spec, known, ended }, family) : undefined;
    if (plan && 'skip' in plan)
      out.push(statefulCase(family.create!, 'read-after-create', ['read-after-create'], {}, 'fresh resource', { skip: plan.skip }));
    if (plan && !('skip' in plan)) out.push(...familyCases(spec, family, plan));
    else if (family.list) out.push(...listCases(spec, family.list, undefined));
  }
  // A case waits for whatever creates or lists the ids its fresh resources refer to.
  const producer = new Map<string, string>();
  for (const c of examples) for (const id of [...c.produces, ...c.discovers]) if (!producer.has(id)) producer.set(id, c.id);
  for (const c of out) {
    c.uses = [...idsIn([c.request.path, c.request.query, c.request.header, c.request.body], known)];
    for (const id of c.uses) {
      const p = producer.get(id);
      if (p && !c.after.includes(p)) c.after.push(p);
    }
  }
  return out;
}
