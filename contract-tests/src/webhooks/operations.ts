// Which operations manage webhook endpoints, read off the spec's shapes, never its names: the create
// takes a URL and a list of the model's event names; the secret is what its answer shows that the
// read's schema lacks; read and delete are what the create's answer links to; the list is the GET
// on the same collection; rotation is the POST under the item answering the secret again; the test
// event is the POST under the item taking one event name; the delivery log is the paged GET under
// the item (ARCHITECTURE.md §11). Pure; unit-tested on the real spec in recipe.test.ts.
import type { ContractModel } from '../../../openapi/tools/contract-model.js';
import { type ExampleRequest, pairExamples } from '../../../openapi/tools/example-pairs.js';
import { resolveRef, type Spec, type SpecOperation } from '../../../openapi/tools/spec.js';
import { isObject } from '../checks/support.js';
import { responseSchema } from '../stateful/family.js';
import type { Json } from '../types.js';

export interface WebhookOps {
  /** Registers an endpoint (createWebhook). */
  create: string;
  /** Its first documented success: the body an endpoint of the run copies. */
  createExample: string;
  createStatus: string;
  createRequest: ExampleRequest;
  /** Body fields: where the endpoint's URL and its events go. */
  urlField: string;
  eventsField: string;
  /** The answer field shown by create and rotation only (`signing_secret`). */
  secretField: string;
  /** The item path parameter (`webhook_id`). */
  idParam: string;
  read: string;
  list?: string;
  remove?: string;
  rotate?: string;
  /** Sends one test event of a type the endpoint subscribes to; `field` names the type. */
  test?: { operationId: string; field: string };
  /** The endpoint's delivery attempts, a page at a time; `filter` is the query parameter naming one event. */
  log?: { operationId: string; filter?: string };
}

const success = (status: string) => /^2/.test(status);

function bodySchema(spec: Spec, so: SpecOperation): Json | undefined {
  const media = Object.entries<Json>(so.op.requestBody?.content ?? {}).find(([t]) => /json/.test(t))?.[1];
  const schema = media?.schema ? resolveRef<Json>(spec, media.schema) : undefined;
  return isObject(schema) ? schema : undefined;
}

const property = (spec: Spec, schema: Json | undefined, name: string): Json | undefined => {
  const raw = schema?.properties?.[name];
  return raw ? resolveRef<Json>(spec, raw) : undefined;
};

/** A string schema (or an array of them) whose enum names every event of the model. */
function namesEvents(spec: Spec, schema: Json | undefined, events: readonly string[]): boolean {
  if (!schema) return false;
  const s = schema.type === 'array' && schema.items ? resolveRef<Json>(spec, schema.items) : schema;
  return Array.isArray(s.enum) && events.every((e) => s.enum.includes(e));
}

const successStatus = (so: SpecOperation) => Object.keys(so.op.responses ?? {}).find(success);

/** The operation a response link names, from the create's success response. */
function linked(so: SpecOperation, ops: SpecOperation[], method: string): SpecOperation | undefined {
  const status = successStatus(so);
  const links = Object.values<Json>((status && so.op.responses?.[status]?.links) ?? {});
  for (const link of links) {
    const target = ops.find((o) => o.operationId === link.operationId);
    if (target?.method === method) return target;
  }
  return undefined;
}

export function webhookOps(spec: Spec, model: ContractModel, ops: SpecOperation[]): WebhookOps | { skip: string } {
  const events = model.webhooks.map((w) => w.name);
  if (!events.length) return { skip: 'the spec documents no webhook events' };
  let create: SpecOperation | undefined;
  let urlField: string | undefined;
  let eventsField: string | undefined;
  for (const so of ops) {
    if (so.method !== 'post') continue;
    const schema = bodySchema(spec, so);
    const names = Object.keys(schema?.properties ?? {});
    const url = names.find((n) => property(spec, schema, n)?.format === 'uri');
    const list = names.find((n) => property(spec, schema, n)?.type === 'array' && namesEvents(spec, property(spec, schema, n), events));
    if (url && list) [create, urlField, eventsField] = [so, url, list];
    if (create) break;
  }
  if (!create || !urlField || !eventsField)
    return { skip: 'no operation registers a webhook endpoint (a POST taking a URL and a list of the event names)' };
  const pair = pairExamples(create.op).pairs.find((p) => success(p.response.status) && isObject(p.request.body));
  if (!pair) return { skip: `${create.operationId} documents no successful registration to copy` };
  const read = linked(create, ops, 'get');
  if (!read) return { skip: `${create.operationId}'s answer links to no read of the endpoint` };
  const createSchema = responseSchema(spec, create, pair.response.status);
  const readFields = Object.keys(responseSchema(spec, read, '200')?.properties ?? {});
  const secretField = Object.keys(createSchema?.properties ?? {}).find((k) => !readFields.includes(k));
  if (!secretField) return { skip: `${create.operationId}'s answer shows no field its read lacks: no signing secret to verify with` };
  const idParam = /\{([^}]+)\}/.exec(read.path)?.[1] ?? 'id';
  const under = (so: SpecOperation) => so.path.startsWith(`${read.path}/`);
  const rotate = ops.find(
    (so) =>
      so.method === 'post' &&
      under(so) &&
      !bodySchema(spec, so) &&
      responseSchema(spec, so, successStatus(so) ?? '')?.properties?.[secretField],
  );
  const test = ops
    .filter((so) => so.method === 'post' && under(so))
    .map((so) => {
      const schema = bodySchema(spec, so);
      const field = Object.keys(schema?.properties ?? {}).find((n) => {
        const p = property(spec, schema, n);
        return p?.type === 'string' && namesEvents(spec, p, events);
      });
      return field ? { operationId: so.operationId, field } : undefined;
    })
    .find((t) => t !== undefined);
  const logOp = ops.find((so) => so.method === 'get' && under(so) && model.operation(so.operationId).pagination);
  const paging = logOp ? model.operation(logOp.operationId).pagination : undefined;
  const filter = (logOp?.op.parameters ?? []).find(
    (p: Json) => p.in === 'query' && p.name !== paging?.limit.name && p.name !== paging?.cursor,
  )?.name as string | undefined;
  const list = ops.find((so) => so.method === 'get' && so.path === create.path);
  const remove = linked(create, ops, 'delete');
  return {
    create: create.operationId,
    createExample: pair.name,
    createStatus: pair.response.status,
    createRequest: pair.request,
    urlField,
    eventsField,
    secretField,
    idParam,
    read: read.operationId,
    ...(list ? { list: list.operationId } : {}),
    ...(remove ? { remove: remove.operationId } : {}),
    ...(rotate ? { rotate: rotate.operationId } : {}),
    ...(test ? { test } : {}),
    ...(logOp ? { log: { operationId: logOp.operationId, ...(filter ? { filter } : {}) } } : {}),
  };
}
