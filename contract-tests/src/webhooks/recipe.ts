// How to make an event happen, derived from the spec alone (ARCHITECTURE.md §11): among the
// operations that emit it (`emittedBy`), the one that creates a resource from a documented success
// example; of its examples, the one whose inputs the event's own example repeats most (the busy
// number for `call.failed`, the confirmation for `message.delivered`); then the operation its answer
// links to that also emits the event (hang up, read). Where no recipe makes the event, the reason
// says so, with the event's own test-mode note when it has one.
import type { ContractModel, WebhookEvent } from '../../../openapi/tools/contract-model.js';
import { type ExamplePair, type ExampleRequest, pairExamples } from '../../../openapi/tools/example-pairs.js';
import { idPrefix } from '../../../openapi/tools/example-replay.js';
import { resolveRef, type Spec, type SpecOperation } from '../../../openapi/tools/spec.js';
import { escapePointer, isObject } from '../checks/support.js';
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
  /** The response link of the create that names it (`HangupCall`). */
  link: string;
  /** Its path parameter and where the create's answer holds the value (`call_id` ← `/id`). */
  param: string;
  pointer: string;
}

export interface Recipe {
  event: string;
  /** The webhook operation documenting the payload (`webhookCallCompleted`). */
  webhookOperationId: string;
  create: RecipeStep;
  /** The follow-up that emits the event; absent when the create itself does. */
  trigger?: TriggerStep;
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

export function recipeFor(spec: Spec, model: ContractModel, event: WebhookEvent, known: ReadonlySet<string>): Recipe | NoRecipe {
  const example = event.example?.value;
  const base = { event: event.name, webhookOperationId: event.operationId };
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
      ...base,
      create: step(model, so, pair.name, pair.request, pair.response.status),
      ...(trigger ? { trigger } : {}),
      ...(resourcePointer ? { resourcePointer } : {}),
      minimal: requiredOnly(spec, so, pair.request.body, known),
    };
  }
  const note = testModeNote(event);
  return {
    ...base,
    emittedBy: event.emittedBy,
    skip: `no recipe makes ${event.name} happen: none of the operations that emit it (${event.emittedBy.join(', ') || 'none documented'}) creates a resource from a documented example${note ? `; the spec says: "Test mode: ${note}"` : ''}`,
  };
}

export const hasRecipe = (r: Recipe | NoRecipe): r is Recipe => !('skip' in r);
