// The contract's meaning, derived once from the bundled spec: the registries (scopes, rate-limit
// policies, concurrency limits, test values) and, per operation, what a client, the stub, the
// runner and the docs must agree on (scope, limits, body limit, idempotency, pagination, example
// pairs, the webhook events it causes). Everything outside openapi/ reads the spec's `x-`
// extensions through this model only (a test enforces it); the lint rules check what it reads.
import { type ExamplePair, pairExamples, type ResponseExample } from './example-pairs.js';
import { listOperations, loadSpec, type Spec, type SpecOperation } from './spec.js';

/** The rate-limit headers every authenticated answer carries, named as components/headers does (wire order). */
export const RATE_LIMIT_HEADER_NAMES = [
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'RateLimit-Policy',
  'RateLimit',
] as const;
export type RateLimitHeaderName = (typeof RATE_LIMIT_HEADER_NAMES)[number];
/** The same headers lower-case, as node delivers them. */
export const RATE_LIMIT_HEADERS: readonly Lowercase<RateLimitHeaderName>[] = RATE_LIMIT_HEADER_NAMES.map(
  (h) => h.toLowerCase() as Lowercase<RateLimitHeaderName>,
);
/** The request header that makes a side-effecting POST safe to retry. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** The query parameters every list takes (openapi/README.md "Lists"): the page size and the cursor. */
export const PAGE_SIZE_PARAM = 'limit';
export const CURSOR_PARAM = 'starting_after';
/** A body larger than this is a 413 unless the operation declares more (`x-body-limit`). */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

export interface Scope {
  name: string;
  /** What the scope grants, as the registry words it. */
  grants: string;
}

export interface RateLimitPolicy {
  name: string;
  limit: number;
  windowSeconds: number;
  /** What one window counts: `api-key`, `source-ip`, or a resource such as `call`. */
  per: string;
  description: string;
}

export interface ConcurrencyLimit {
  name: string;
  limit: number;
  per: string;
  description: string;
}

export interface TestValue {
  value: string;
  field: string;
  status: number;
  code: string | null;
  effect: string;
}

export interface Pagination {
  /** Query parameter of the page size, with its bounds and default. */
  limit: { name: string; min: number; max: number; default: number };
  /** Query parameter that takes the previous page's `next_cursor`. */
  cursor: string;
}

export interface OperationContract {
  operationId: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  /** The one scope the operation requires (its own `security`, else the root's); none when open. */
  scope: string | undefined;
  /** Policies that count a request, in the order the operation names them. */
  policies: RateLimitPolicy[];
  concurrency: ConcurrencyLimit[];
  bodyLimit: number;
  /** Takes `Idempotency-Key` (replay, 409 in flight, 422 on reuse). */
  idempotent: boolean;
  /** That header as the operation's parameter spells it (`Idempotency-Key`), when it takes one. */
  idempotencyHeader: string | undefined;
  pagination: Pagination | undefined;
  /** Response examples paired by name with the request example that reproduces them. */
  pairs: ExamplePair[];
  /** Response examples only a runner probe reproduces (`x-contract-probe`). */
  probes: ResponseExample[];
  /** Webhook events this operation can cause (each event's `x-emitted-by`). */
  emits: string[];
  /** The operation with refs resolved, for schemas and documented responses. */
  source: SpecOperation;
}

export interface WebhookEvent {
  name: string;
  operationId: string;
  summary: string;
  emittedBy: string[];
  /** The delivery's JSON body schema (refs kept, for a validator of the whole spec). */
  payloadSchema: unknown;
  /** The first documented payload example, by name (its header examples share the name). */
  example: { name: string; value: unknown } | undefined;
  source: SpecOperation;
}

/** How deliveries are made (`x-webhook-delivery`): Standard Webhooks headers and signature, timeout, retries. */
export interface WebhookDelivery {
  /** `standard-webhooks-v1`: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`. */
  signature: string;
  /** An attempt that has no 2xx answer within this many seconds has failed. */
  timeoutSeconds: number;
  /** Receivers reject a `webhook-timestamp` further than this from their clock. */
  toleranceSeconds: number;
  /** Delays before attempt 2, 3, …, in seconds; attempt 1 is immediate. */
  retryScheduleSeconds: number[];
}

/** Header names of a delivery (Standard Webhooks), lower-case as they travel. */
export const WEBHOOK_HEADERS = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' } as const;

export interface ContractModel {
  spec: Spec;
  scopes: Scope[];
  policies: ReadonlyMap<string, RateLimitPolicy>;
  concurrencyLimits: ReadonlyMap<string, ConcurrencyLimit>;
  testValues: TestValue[];
  /** The stable problem codes (the `ErrorCode` schema's enum), in declared order. */
  errorCodes: string[];
  /** The magic input `value` of test mode, if it is one. */
  testValue(value: string): TestValue | undefined;
  operations: OperationContract[];
  webhooks: WebhookEvent[];
  webhookDelivery: WebhookDelivery;
  /**
   * The policy that counts refused keys (401 for a key that is malformed, unknown, revoked or
   * expired) per source address (root `x-auth-failure-limit`); once its window is full, every
   * request from that address that presents a key is refused 429 before the key is checked.
   */
  authFailures: RateLimitPolicy | undefined;
  /** The operation by id; throws on an unknown id (a typo is a bug, not a skip). */
  operation(operationId: string): OperationContract;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

function scopesOf(spec: Spec): Scope[] {
  const registry = isNode(spec['x-scopes']) ? spec['x-scopes'] : {};
  return Object.entries(registry).map(([name, grants]) => ({ name, grants: text(grants) }));
}

function policiesOf(spec: Spec): Map<string, RateLimitPolicy> {
  const registry = isNode(spec['x-rate-limit-policies']) ? spec['x-rate-limit-policies'] : {};
  const out = new Map<string, RateLimitPolicy>();
  for (const [name, p] of Object.entries(registry)) {
    if (!isNode(p)) continue;
    out.set(name, {
      name,
      limit: num(p.limit, 0),
      windowSeconds: num(p.window, 60),
      per: text(p.per, 'api-key'),
      description: text(p.description),
    });
  }
  return out;
}

function concurrencyOf(spec: Spec): Map<string, ConcurrencyLimit> {
  const registry = isNode(spec['x-concurrency-limits']) ? spec['x-concurrency-limits'] : {};
  const out = new Map<string, ConcurrencyLimit>();
  for (const [name, c] of Object.entries(registry)) {
    if (isNode(c)) out.set(name, { name, limit: num(c.limit, 0), per: text(c.per, 'account'), description: text(c.description) });
  }
  return out;
}

function testValuesOf(spec: Spec): TestValue[] {
  const list = Array.isArray(spec['x-test-values']) ? (spec['x-test-values'] as unknown[]) : [];
  return list.filter(isNode).map((v) => ({
    value: String(v.value),
    field: text(v.field),
    status: num(v.status, 0),
    code: typeof v.code === 'string' ? v.code : null,
    effect: text(v.effect),
  }));
}

/** The first scope of the first requirement that names one: every requirement lists the same one (lint). */
export function requiredScope(security: unknown): string | undefined {
  if (!Array.isArray(security)) return undefined;
  for (const requirement of security) {
    if (!isNode(requirement)) continue;
    for (const scopes of Object.values(requirement)) {
      const first = strings(scopes)[0];
      if (first) return first;
    }
  }
  return undefined;
}

function paginationOf(so: SpecOperation): Pagination | undefined {
  if (so.method !== 'get') return undefined;
  const params = (so.op.parameters ?? []) as Node[];
  const limit = params.find((p) => p.in === 'query' && p.name === PAGE_SIZE_PARAM);
  const cursor = params.find((p) => p.in === 'query' && p.name === CURSOR_PARAM);
  if (!limit || !cursor) return undefined;
  const schema = isNode(limit.schema) ? limit.schema : {};
  return {
    limit: { name: PAGE_SIZE_PARAM, min: num(schema.minimum, 1), max: num(schema.maximum, 100), default: num(schema.default, 20) },
    cursor: CURSOR_PARAM,
  };
}

/** The name of the operation's idempotency header parameter, if it has one. */
const idempotencyHeaderOf = (so: SpecOperation): string | undefined =>
  ((so.op.parameters ?? []) as Node[])
    .map((p) => (p.in === 'header' ? text(p.name) : ''))
    .find((n) => n.toLowerCase() === IDEMPOTENCY_HEADER);

/** A registry entry an operation names; an unknown name is a broken spec, not an empty list. */
function named<T>(registry: ReadonlyMap<string, T>, name: string, where: string): T {
  const entry = registry.get(name);
  if (entry === undefined) throw new Error(`${where} names "${name}", which the registry does not declare`);
  return entry;
}

function webhookDeliveryOf(spec: Spec): WebhookDelivery {
  const d = isNode(spec['x-webhook-delivery']) ? spec['x-webhook-delivery'] : {};
  const schedule = Array.isArray(d['retry-schedule-seconds']) ? d['retry-schedule-seconds'] : [];
  return {
    signature: text(d.signature, 'standard-webhooks-v1'),
    timeoutSeconds: num(d['timeout-seconds'], 10),
    toleranceSeconds: num(d['tolerance-seconds'], 300),
    retryScheduleSeconds: schedule.filter((n): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0),
  };
}

/** A webhook's documented body: its JSON schema and first named example. */
function payloadOf(so: SpecOperation): Pick<WebhookEvent, 'payloadSchema' | 'example'> {
  const content = isNode(so.op.requestBody) && isNode(so.op.requestBody.content) ? so.op.requestBody.content : {};
  const media = Object.entries(content).find(([type]) => /json/.test(type))?.[1];
  const examples = isNode(media) && isNode(media.examples) ? Object.entries(media.examples) : [];
  const first = examples.find(([, e]) => isNode(e));
  return {
    payloadSchema: isNode(media) ? media.schema : undefined,
    example: first && isNode(first[1]) ? { name: first[0], value: first[1].value } : undefined,
  };
}

function build(spec: Spec): ContractModel {
  const policies = policiesOf(spec);
  const concurrencyLimits = concurrencyOf(spec);
  const webhooks: WebhookEvent[] = listOperations(spec, { webhooks: true })
    .filter((so) => so.webhook)
    .map((so) => ({
      name: so.webhook as string,
      operationId: so.operationId,
      summary: text(so.op.summary),
      emittedBy: strings(so.op['x-emitted-by']),
      ...payloadOf(so),
      source: so,
    }));
  const operations: OperationContract[] = listOperations(spec).map((so) => {
    const { pairs, probes } = pairExamples(so.op);
    const idempotencyHeader = idempotencyHeaderOf(so);
    return {
      operationId: so.operationId,
      method: so.method,
      path: so.path,
      tag: strings(so.op.tags)[0] ?? '',
      summary: text(so.op.summary),
      scope: requiredScope(so.op.security ?? spec.security),
      policies: strings(so.op['x-rate-limit']).map((n) => named(policies, n, `${so.operationId}: x-rate-limit`)),
      concurrency: strings(so.op['x-concurrency-limit']).map((n) => named(concurrencyLimits, n, `${so.operationId}: x-concurrency-limit`)),
      bodyLimit: num(so.op['x-body-limit'], DEFAULT_BODY_LIMIT),
      idempotent: idempotencyHeader !== undefined,
      idempotencyHeader,
      pagination: paginationOf(so),
      pairs,
      probes,
      emits: webhooks.filter((w) => w.emittedBy.includes(so.operationId)).map((w) => w.name),
      source: so,
    };
  });
  const byId = new Map(operations.map((o) => [o.operationId, o]));
  const testValues = testValuesOf(spec);
  const byValue = new Map(testValues.map((v) => [v.value, v]));
  return {
    spec,
    scopes: scopesOf(spec),
    policies,
    concurrencyLimits,
    testValues,
    errorCodes: strings(spec.components?.schemas?.ErrorCode?.enum),
    testValue: (value) => byValue.get(value),
    operations,
    webhooks,
    webhookDelivery: webhookDeliveryOf(spec),
    authFailures:
      typeof spec['x-auth-failure-limit'] === 'string' ? named(policies, spec['x-auth-failure-limit'], 'x-auth-failure-limit') : undefined,
    operation(operationId) {
      const o = byId.get(operationId);
      if (!o) throw new Error(`unknown operation ${operationId}`);
      return o;
    },
  };
}

const models = new WeakMap<Spec, ContractModel>();
let bundled: Spec | undefined;

/** The model of `spec` (default: generated/openapi.json, read once), built once per spec object. */
export function contractModel(spec?: Spec): ContractModel {
  spec ??= bundled ??= loadSpec();
  let model = models.get(spec);
  if (!model) {
    model = build(spec);
    models.set(spec, model);
  }
  return model;
}
