// How to make an event happen, derived from the spec alone (ARCHITECTURE.md §11). Either a create:
// among the operations that emit it (`emittedBy`), the one that creates a resource from a documented
// success example; of its examples, the one whose inputs the event's own example repeats most (the
// busy number for `call.failed`, the confirmation for `message.delivered`); then the operation its
// answer links to that also emits the event (hang up, read). Or a chain: an emitter acting on an
// existing resource, through its documented success example whose answer the event's example
// repeats most (the campaign started `completed`); the example that creates that resource, and the
// documented changes the plan orders before it on the same resource (the test contact added), are
// replayed on a fresh one. Where no recipe makes the event, the reason says so, with the event's own
// test-mode note when it has one.
import type { ContractModel, WebhookEvent } from '../../../openapi/tools/contract-model.js';
import { type ExamplePair, type ExampleRequest, pairExamples } from '../../../openapi/tools/example-pairs.js';
import { idPrefix } from '../../../openapi/tools/example-replay.js';
import { resolveRef, type Spec, type SpecOperation } from '../../../openapi/tools/spec.js';
import { escapePointer, isObject } from '../checks/support.js';
import type { ExampleCase } from '../plan/examples.js';
import { idsIn } from '../plan/ids.js';
import type { Json } from '../types.js';

export interface RecipeStep {
  operationId: string;
  method: string;
  path: string;
  /** The documented example it repeats. */
  example: string;
  /** Canonical ids unmapped (the runner substitutes the ids it learnt). */
  request: ExampleRequest;
  status: string;
  /** An idempotent create gets a fresh key each time. */
  idempotencyHeader?: string;
}

export interface TriggerStep extends RecipeStep {
  /** The response link of the create that names it (`HangupCall`), when one does. */
  link?: string;
  /** Its path parameter and where the create's answer holds the value (`call_id` ← `/id`). */
  param: string;
  pointer: string;
}

export interface Recipe {
  event: string;
  /** The webhook operation documenting the payload (`webhookCallCompleted`). */
  webhookOperationId: string;
  create: RecipeStep;
  /** The follow-ups on what the create made, in order; the last one emits the event (none: the create does). */
  followUps: TriggerStep[];
  /** Canonical ids of resources the steps use besides the one they make (learnt by the documented examples). */
  needs: string[];
  /** Where the payload names the created resource (`/data/object/id`): tells this recipe's event from others of its type. */
  resourcePointer?: string;
  /** The create's body with its required fields only, for an account that owns none of this one's resources; or why not. */
  minimal: { body: unknown } | { skip: string };
}

export interface NoRecipe {
  event: string;
  webhookOperationId: string;
  emittedBy: string[];
  skip: string;
}

const success = (p: ExamplePair) => /^2/.test(p.response.status);

/** Every `key: scalar` anywhere in a value. */
function scalars(value: unknown, out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (Array.isArray(value)) for (const v of value) scalars(v, out);
  else if (isObject(value))
    for (const [k, v] of Object.entries(value)) {
      if (v !== null && typeof v !== 'object') out.push([k, v]);
      else scalars(v, out);
    }
  return out;
}

/** How many of the request's top-level scalar inputs the event's example repeats under the same name. */
function affinity(request: ExampleRequest, example: unknown): number {
  const seen = scalars(example);
  const body = isObject(request.body) ? request.body : {};
  return Object.entries(body).filter(([k, v]) => v !== null && typeof v !== 'object' && seen.some(([sk, sv]) => sk === k && sv === v))
    .length;
}

/** How many scalar `key: value` pairs of a documented answer the event's example repeats. */
function answerAffinity(value: unknown, example: unknown): number {
  const seen = scalars(example);
  return scalars(value).filter(([k, v]) => seen.some(([sk, sv]) => sk === k && sv === v)).length;
}

/** The JSON pointer of the first place `value` occurs in `doc` (depth-first). */
export function pointerOf(doc: unknown, match: (v: unknown, key: string) => boolean, at = ''): string | undefined {
  if (Array.isArray(doc)) {
    for (const [i, v] of doc.entries()) {
      const p = match(v, String(i)) ? `${at}/${i}` : pointerOf(v, match, `${at}/${i}`);
      if (p) return p;
    }
  } else if (isObject(doc)) {
    for (const [k, v] of Object.entries(doc)) {
      const here = `${at}/${escapePointer(k)}`;
      const p = match(v, k) ? here : pointerOf(v, match, here);
      if (p) return p;
    }
  }
  return undefined;
}

/** The value at a JSON pointer. */
export function valueAt(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const k = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) cur = cur[Number(k)];
    else if (isObject(cur)) cur = cur[k];
    else return undefined;
  }
  return cur;
}

/** The test-mode note of the event's description (`Test mode: …`), when it has one. */
function testModeNote(event: WebhookEvent): string | undefined {
  const text = String(event.source.op.description ?? '');
  return /Test mode: ([^\n]*?\.)(?=\s|$)/.exec(text)?.[1];
}

function step(model: ContractModel, so: SpecOperation, example: string, request: ExampleRequest, status: string): RecipeStep {
  const header = model.operation(so.operationId).idempotencyHeader;
  return {
    operationId: so.operationId,
    method: so.method,
    path: so.path,
    example,
    request,
    status,
    ...(header ? { idempotencyHeader: header } : {}),
  };
}

function requiredOnly(spec: Spec, so: SpecOperation, body: unknown, known: ReadonlySet<string>): Recipe['minimal'] {
  if (!isObject(body)) return { body };
  const media = Object.entries<Json>(so.op.requestBody?.content ?? {}).find(([t]) => /json/.test(t))?.[1];
  const schema = media?.schema ? resolveRef<Json>(spec, media.schema) : undefined;
  const required: string[] = Array.isArray(schema?.required) ? schema.required : Object.keys(body);
  const kept = Object.fromEntries(Object.entries(body).filter(([k]) => required.includes(k)));
  const owned = Object.entries(kept).find(([, v]) => idsIn(v, known).size > 0);
  if (owned) return { skip: `${so.operationId} requires ${owned[0]}, a resource of the account that documented it` };
  return { body: kept };
}

/** The recipe of an event one of its emitters makes when it creates a resource (and its linked follow-up). */
function createRecipe(spec: Spec, model: ContractModel, event: WebhookEvent, known: ReadonlySet<string>): Recipe | undefined {
  const example = event.example?.value;
  for (const creatorId of event.emittedBy) {
    const contract = model.operation(creatorId);
    const so = contract.source;
    if (so.method !== 'post' || so.path.includes('{')) continue;
    const creates = pairExamples(so.op).pairs.filter(
      (p) => success(p) && isObject(p.response.value) && typeof p.response.value.id === 'string',
    );
    if (!creates.length) continue;
    const pair = creates.reduce((best, p) => (affinity(p.request, example) > affinity(best.request, example) ? p : best));
    const answer = pair.response.value as Json;
    const links = Object.entries<Json>(so.op.responses?.[pair.response.status]?.links ?? {});
    let trigger: TriggerStep | undefined;
    for (const [name, link] of links) {
      if (link.operationId === creatorId || !event.emittedBy.includes(link.operationId)) continue;
      const target = model.operation(link.operationId).source;
      const [param, expression] = Object.entries<string>(link.parameters ?? {})[0] ?? [];
      const pointer = typeof expression === 'string' ? /^\$response\.body#(\/.*)$/.exec(expression)?.[1] : undefined;
      if (!param || !pointer) continue;
      const documented = pairExamples(target.op).pairs.find(success);
      const request: ExampleRequest = documented?.request ?? { name: 'default', path: {}, query: {}, header: {} };
      trigger = {
        ...step(model, target, documented?.name ?? 'default', request, documented?.response.status ?? '200'),
        request: { ...request, path: { ...request.path, [param]: valueAt(answer, pointer) } },
        link: name,
        param,
        pointer,
      };
      break;
    }
    const prefix = idPrefix(answer.id);
    const resourcePointer =
      pointerOf(example, (v) => v === answer.id) ??
      pointerOf(example, (v, k) => k === 'id' && prefix !== undefined && idPrefix(v) === prefix);
    return {
      event: event.name,
      webhookOperationId: event.operationId,
      create: step(model, so, pair.name, pair.request, pair.response.status),
      followUps: trigger ? [trigger] : [],
      needs: [],
      ...(resourcePointer ? { resourcePointer } : {}),
      minimal: requiredOnly(spec, so, pair.request.body, known),
    };
  }
  return undefined;
}

/** The cases `target` waits for through `after` edges, transitively, dependencies first. */
function predecessors(target: ExampleCase, byId: ReadonlyMap<string, ExampleCase>): ExampleCase[] {
  const out: ExampleCase[] = [];
  const seen = new Set<string>([target.id]);
  const visit = (c: ExampleCase) => {
    for (const id of c.after) {
      const d = byId.get(id);
      if (!d || seen.has(id)) continue;
      seen.add(id);
      visit(d);
      out.push(d);
    }
  };
  visit(target);
  return out;
}

/**
 * The recipe of an event an emitter causes on an existing resource: its documented success whose
 * answer the event's example repeats most, replayed on a fresh resource made by the example that
 * creates it, after the documented changes the plan orders before it on that resource.
 */
function chainRecipe(
  spec: Spec,
  model: ContractModel,
  event: WebhookEvent,
  known: ReadonlySet<string>,
  examples: readonly ExampleCase[],
): Recipe | undefined {
  const example = event.example?.value;
  const byId = new Map(examples.map((c) => [c.id, c]));
  const creator = (resource: string) => examples.find((c) => c.role === 'create' && c.produces.includes(resource));
  const emitting = examples.filter(
    (c) =>
      event.emittedBy.includes(c.operationId) &&
      /^2/.test(c.expected.status) &&
      c.resource !== undefined &&
      c.role !== 'create' &&
      creator(c.resource) !== undefined &&
      Object.values(c.request.path).includes(c.resource),
  );
  // The state the payload shows the resource in (`completed`): an answer showing another is not what the event reports.
  const shown = (c: ExampleCase) => {
    const prefix = idPrefix(c.resource);
    const at = pointerOf(example, (v, k) => k === 'id' && prefix !== undefined && idPrefix(v) === prefix);
    const status = at ? valueAt(example, `${at.slice(0, at.lastIndexOf('/'))}/status`) : undefined;
    return typeof status === 'string' ? status : undefined;
  };
  const candidates = emitting.filter((c) => c.state === undefined || shown(c) === undefined || c.state === shown(c));
  if (!candidates.length) return undefined;
  const score = (c: ExampleCase) => answerAffinity(c.expected.value, example);
  const target = candidates.reduce((best, c) => (score(c) > score(best) ? c : best));
  if (score(target) === 0) return undefined;
  const subject = target.resource!;
  const made = creator(subject)!;
  const changes = predecessors(target, byId).filter(
    (c) => c.resource === subject && c !== made && c.method !== 'get' && /^2/.test(c.expected.status) && c.role !== 'destroy',
  );
  const asStep = (c: ExampleCase): TriggerStep => {
    const so = model.operation(c.operationId).source;
    const param = Object.entries(c.request.path).find(([, v]) => v === subject)![0];
    return { ...step(model, so, c.example, c.request, c.expected.status), param, pointer: '/id' };
  };
  const createSo = model.operation(made.operationId).source;
  const followUps = [...changes, target].map(asStep);
  const needs = [...new Set([made, ...changes, target].flatMap((c) => c.uses))].filter((id) => id !== subject);
  const resourcePointer = pointerOf(example, (v) => v === subject);
  return {
    event: event.name,
    webhookOperationId: event.operationId,
    create: step(model, createSo, made.example, made.request, made.expected.status),
    followUps,
    needs,
    ...(resourcePointer ? { resourcePointer } : {}),
    minimal: needs.length
      ? { skip: `${followUps.map((s) => s.operationId).join(', ')} use ${needs.join(', ')}, resources of the account that documented them` }
      : requiredOnly(spec, createSo, made.request.body, known),
  };
}

export function recipeFor(
  spec: Spec,
  model: ContractModel,
  event: WebhookEvent,
  known: ReadonlySet<string>,
  examples: readonly ExampleCase[],
): Recipe | NoRecipe {
  const found = createRecipe(spec, model, event, known) ?? chainRecipe(spec, model, event, known, examples);
  if (found) return found;
  const note = testModeNote(event);
  return {
    event: event.name,
    webhookOperationId: event.operationId,
    emittedBy: event.emittedBy,
    skip: `no recipe makes ${event.name} happen: none of the operations that emit it (${event.emittedBy.join(', ') || 'none documented'}) creates a resource from a documented example, or acts on one a documented example creates in a state its example shows${note ? `; the spec says: "Test mode: ${note}"` : ''}`,
  };
}

export const hasRecipe = (r: Recipe | NoRecipe): r is Recipe => !('skip' in r);
