// What a family's stateful cases send and expect, derived from its documented examples: the create
// to copy (made unique where the create's 409 example says a field is unique), what "reads back
// equal" allows, the update to apply, and what ending it documents (gone, or shown ended).
import { contractModel } from '../../../openapi/tools/contract-model.js';
import { type ExamplePair, type ExampleRequest, pairExamples } from '../../../openapi/tools/example-pairs.js';
import { sameValue } from '../../../openapi/tools/example-replay.js';
import { resolveRef, type Spec, type SpecOperation } from '../../../openapi/tools/spec.js';
import { contractOf } from '../contract.js';
import { idsIn } from '../plan/ids.js';
import type { Json } from '../types.js';
import { type Family, responseSchema } from './family.js';
import type {
  CreateTemplate,
  DocumentedAnswer,
  EndedField,
  EndingTemplate,
  FamilyPlan,
  ReadBackRules,
  UniqueField,
  UpdateTemplate,
} from './model.js';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const success = (p: ExamplePair) => /^2/.test(p.response.status);
const answerOf = (p: ExamplePair): Json => (isObject(p.response.value) ? p.response.value : {});

export interface TemplateContext {
  spec: Spec;
  known: ReadonlySet<string>;
  /** Canonical id → the example case that ends it before the stateful phase. */
  ended: ReadonlyMap<string, string>;
}

/** The contract's test values: inputs with a documented test-mode effect (busy, failing …). */
export function testValues(spec: Spec): Set<string> {
  return new Set<string>(contractModel(spec).testValues.map((t) => t.value));
}

function bodySchema(spec: Spec, so: SpecOperation): Json | undefined {
  const media = Object.entries<Json>(so.op.requestBody?.content ?? {}).find(([t]) => /json/.test(t))?.[1];
  return media?.schema ? resolveRef<Json>(spec, media.schema) : undefined;
}

/** A resolved property schema, a nullable `oneOf`/`anyOf` reduced to its non-null branch. */
function propertySchema(spec: Spec, schema: Json | undefined, field: string): Json | undefined {
  const raw = schema?.properties?.[field];
  if (!raw) return undefined;
  const s = resolveRef<Json>(spec, raw);
  const branches = (s.oneOf ?? s.anyOf ?? []).map((b: Json) => resolveRef<Json>(spec, b)).filter((b: Json) => b.type !== 'null');
  return branches.length === 1 ? { ...s, ...branches[0] } : s;
}

function problemCode(p: ExamplePair | undefined): string | undefined {
  const code = isObject(p?.response.value) ? p!.response.value.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function answer(p: ExamplePair | undefined): DocumentedAnswer | undefined {
  if (!p) return undefined;
  const code = problemCode(p);
  return { status: p.response.status, ...(code ? { code } : {}) };
}

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value) || isObject(value)) for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}

/** Top-level fields whose documented values differ between two examples of one resource. */
export function changedFields(before: Json, after: Json): string[] {
  return Object.keys(after).filter((k) => k in before && !sameValue(before[k], after[k]));
}

/** The create example a fresh resource copies: a success that makes a documented resource, free of test-mode magic. */
export function createTemplate(ctx: TemplateContext, so: SpecOperation): CreateTemplate | { skip: string } {
  const magic = testValues(ctx.spec);
  const contract = contractOf(ctx.spec, so);
  const { pairs } = contract;
  const usesMagic = (r: ExampleRequest) => stringsIn([r.path, r.query, r.header, r.body]).some((s) => magic.has(s));
  const pair = pairs.find((p) => success(p) && ctx.known.has(String(answerOf(p).id)) && !usesMagic(p.request));
  if (!pair) return { skip: `${so.operationId} documents no success that creates a resource without test-mode inputs` };
  const schema = bodySchema(ctx.spec, so);
  const required = new Set<string>(schema?.required ?? []);
  const body = isObject(pair.request.body) ? { ...pair.request.body } : undefined;
  const dropped: string[] = [];
  for (const [field, value] of Object.entries(body ?? {})) {
    const refs = [...idsIn(value, ctx.known)];
    if (!refs.length) continue;
    if (!required.has(field)) {
      dropped.push(field);
      delete body![field];
      continue;
    }
    const gone = refs.find((id) => ctx.ended.has(id));
    if (gone) return { skip: `${so.operationId} ${pair.name} needs ${gone}, which ${ctx.ended.get(gone)} ends before the stateful phase` };
  }
  const conflicts = pairs.filter((p) => p.response.status === '409' && isObject(p.request.body));
  const unique = Object.keys(body ?? {})
    .filter((k) => typeof body![k] === 'string' && conflicts.some((c) => sameValue((c.request.body as Json)[k], body![k])))
    .map((k) => uniqueField(ctx.spec, schema, k));
  const request: ExampleRequest = { ...pair.request, ...(body ? { body } : {}) };
  return {
    operationId: so.operationId,
    example: pair.name,
    request,
    status: pair.response.status,
    canonicalId: String(answerOf(pair).id),
    unique,
    dropped,
    ...(contract.idempotencyHeader ? { idempotencyHeader: contract.idempotencyHeader } : {}),
  };
}

function uniqueField(spec: Spec, schema: Json | undefined, field: string): UniqueField {
  const s = propertySchema(spec, schema, field);
  return { field, shaped: Boolean(s?.pattern || s?.format), ...(typeof s?.maxLength === 'number' ? { maxLength: s.maxLength } : {}) };
}

/** What a read may differ in from the create answer, from the two schemas and the documented examples. */
export function readBackRules(spec: Spec, create: SpecOperation, tpl: CreateTemplate, read: SpecOperation): ReadBackRules {
  const createSchema = responseSchema(spec, create, tpl.status);
  const readSchema = responseSchema(spec, read, '200');
  const readFields = Object.keys(readSchema?.properties ?? {});
  const shownOnce = Object.keys(createSchema?.properties ?? {}).filter((k) => readSchema && !readFields.includes(k));
  const dateTimes = readFields.filter((k) => {
    const s = propertySchema(spec, readSchema, k);
    return s?.format === 'date-time';
  });
  const created = answerOf(pairExamples(create.op).pairs.find((p) => p.name === tpl.example)!);
  const documentedChanges = new Set<string>();
  for (const p of pairExamples(read.op).pairs) {
    if (success(p) && answerOf(p).id === tpl.canonicalId) for (const k of changedFields(created, answerOf(p))) documentedChanges.add(k);
  }
  return { shownOnce, documentedChanges: [...documentedChanges], dateTimes };
}

/** The documented update, applied to a fresh resource (unique fields varied like the create's). */
export function updateTemplate(
  ctx: TemplateContext,
  so: SpecOperation,
  read: SpecOperation,
  createUnique: UniqueField[],
): UpdateTemplate | undefined {
  const pair = pairExamples(so.op).pairs.find((p) => success(p) && isObject(p.request.body));
  if (!pair) return undefined;
  const body = { ...(pair.request.body as Json) };
  // References to other resources may claim them (a number is one agent's): left out, like the create's.
  for (const [k, v] of Object.entries(body)) if (idsIn(v, ctx.known).size) delete body[k];
  if (!Object.keys(body).length) return undefined;
  const readable = Object.keys(responseSchema(ctx.spec, read, '200')?.properties ?? {});
  return {
    operationId: so.operationId,
    example: pair.name,
    request: { ...pair.request, body },
    status: pair.response.status,
    unique: createUnique.filter((u) => u.field in body),
    readable,
  };
}

/** What the documented ending does: delete (`deleted: true`) or leave the resource readable in an ended state. */
export function endingTemplate(
  spec: Spec,
  so: SpecOperation,
  read: SpecOperation,
  create: SpecOperation,
  tpl: CreateTemplate,
): EndingTemplate | undefined {
  const pairs = pairExamples(so.op).pairs;
  const pair = pairs.find(success);
  if (!pair) return undefined;
  const after = answerOf(pair);
  const mode = after.deleted === true ? 'gone' : 'ended';
  const endedState: EndedField[] = [];
  if (mode === 'ended') {
    const creates = pairExamples(create.op).pairs.filter(success);
    const before = answerOf(creates.find((p) => answerOf(p).id === after.id) ?? creates.find((p) => p.name === tpl.example)!);
    const schema = responseSchema(spec, so, pair.response.status);
    for (const field of changedFields(before, after)) {
      const s = propertySchema(spec, schema, field);
      const enumerated = s && ('const' in s || Array.isArray(s.enum));
      if (enumerated && after[field] !== null) endedState.push({ field, equals: after[field] });
      else if (before[field] === null && after[field] !== null) endedState.push({ field, nonNull: true });
    }
  }
  const again = answer(pairs.find((p) => p.response.status === (mode === 'gone' ? '404' : '409')));
  const readAfter =
    mode === 'gone'
      ? (answer(pairExamples(read.op).pairs.find((p) => p.response.status === '404')) ?? { status: '404' })
      : { status: '200' };
  return {
    operationId: so.operationId,
    example: pair.name,
    request: pair.request,
    status: pair.response.status,
    mode,
    endedState,
    ...(again ? { again } : {}),
    readAfter,
  };
}

/** Everything the stateful cases of one family need, or why it has none. */
export function familyPlan(ctx: TemplateContext, family: Family): FamilyPlan | { skip: string } {
  const { create, read } = family;
  if (!create || !read) return { skip: `${family.collection} has no create linked to a read` };
  const tpl = createTemplate(ctx, create);
  if ('skip' in tpl) return tpl;
  const update = family.update ? updateTemplate(ctx, family.update, read, tpl.unique) : undefined;
  const ending = family.ending ? endingTemplate(ctx.spec, family.ending, read, create, tpl) : undefined;
  return {
    collection: family.collection,
    shared: contractOf(ctx.spec, create).concurrency.length === 0,
    read: read.operationId,
    ...(family.list ? { list: family.list.operationId } : {}),
    create: tpl,
    rules: readBackRules(ctx.spec, create, tpl, read),
    ...(update ? { update } : {}),
    ...(ending ? { ending } : {}),
  };
}
