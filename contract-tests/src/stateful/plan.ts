// What the stateful probes plan from, derived once per plan: the resource families (create, read,
// update, ending, list, told apart by paths and the create's links) with a plan for a fresh copy,
// and each list's paging plan. Every case runs in PHASE.stateful, after the documented examples.
import { pairExamples } from '../../../openapi/tools/example-pairs.js';
import type { Spec, SpecOperation } from '../../../openapi/tools/spec.js';
import { type PlanContext, type ProbeDefinition, probeCase } from '../probes/define.js';
import type { Expectation, Json, PlannedCase } from '../types.js';
import { CURSOR, type Family, families, listItemSchema, pageSizeMax } from './family.js';
import type { FamilyPlan, ListPlan } from './model.js';
import { familyPlan } from './templates.js';

/** A stateful case's parameters: the family's fresh-copy plan, or a list's paging plan. */
export interface FamilyParams {
  family: FamilyPlan;
}
export interface ListParams {
  list: ListPlan;
}

export interface FamilyEntry {
  family: Family;
  /** How to make, change and end a fresh copy; absent when the family has no create. */
  plan?: FamilyPlan;
  /** Why no fresh copy can be made, when it has a create. */
  skip?: string;
}

export function statefulFamilies(ctx: PlanContext): FamilyEntry[] {
  const ended = new Map<string, string>();
  for (const c of ctx.examples) if (c.role === 'destroy' && c.resource) ended.set(c.resource, c.id);
  return families(ctx.spec, ctx.ops).map((family) => {
    if (!family.create) return { family };
    const plan = familyPlan({ spec: ctx.spec, known: ctx.known, ended }, family);
    return 'skip' in plan ? { family, skip: plan.skip } : { family, plan };
  });
}

/** The documented create a fresh copy repeats: what its cases expect and send. */
export const fromCreate = (plan: FamilyPlan): { expected: Expectation; request: FamilyPlan['create']['request'] } => ({
  expected: { status: plan.create.status, example: plan.create.example },
  request: plan.create.request,
});

type Definition = Pick<ProbeDefinition<FamilyParams>, 'id' | 'kind' | 'caseIdPrefix' | 'phase' | 'verdicts' | 'keys'>;

/** A family probe's case on `so` (the operation it exercises), on a fresh copy made from the create. */
export function familyCase(def: Definition, ctx: PlanContext, so: SpecOperation, plan: FamilyPlan, why: string): PlannedCase<FamilyParams> {
  return probeCase(def, { so, ...fromCreate(plan), responseChecks: false, params: { family: plan }, why }, ctx);
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

/** Every list with its paging plan (fresh items top it up where its family can be created). */
export function statefulLists(ctx: PlanContext): { so: SpecOperation; plan: ListPlan }[] {
  return ctx
    .derive(statefulFamilies)
    .flatMap(({ family, plan }) => (family.list ? [{ so: family.list, plan: listPlan(ctx.spec, family.list, plan) }] : []));
}
