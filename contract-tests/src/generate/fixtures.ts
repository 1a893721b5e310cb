// Real ids for the path parameters of a generated case: a resource of the case's own, made by
// sending the documented create that links to the operation again (with a fresh idempotency key,
// read once so test-mode transitions settle) and ended when the case is done; or, for resources
// nothing creates (seeded numbers), the id the run learnt for the canonical one.
import { randomUUID } from 'node:crypto';
import type { SpecOperation } from '../../../openapi/tools/spec.js';
import { readsOf } from '../cleanup.js';
import { presentedBy } from '../keys.js';
import { inputsOf, worker } from '../probes/support.js';
import type { RunEnv } from '../run-env.js';
import type { Exchange, Json } from '../types.js';
import { endCreated } from './ending.js';
import type { FixturePlan } from './params.js';
import { isIdempotencyKey } from './plan.js';
import { isObject, unescapeSegment } from './schema-node.js';
import { varied } from './variation.js';

export interface Fixture {
  /** Path parameter → real id. */
  path: Json;
  /** Ids of resources made for the case. */
  ids: string[];
  end(): Promise<void>;
}

export const NO_FIXTURE: Fixture = { path: {}, ids: [], end: async () => undefined };

/** `$response.body#/id` evaluated on a body. */
export function linkValue(expression: string, body: unknown): unknown {
  if (!expression.startsWith('$response.body#')) return expression;
  return expression
    .slice('$response.body#'.length)
    .split('/')
    .filter(Boolean)
    .reduce<unknown>((acc, k) => (isObject(acc) ? acc[unescapeSegment(k)] : undefined), body);
}

export async function fixtureFor(env: RunEnv, plan: FixturePlan): Promise<Fixture | { skip: string }> {
  if (plan.known) {
    const path: Json = {};
    for (const [param, canonical] of Object.entries(plan.known)) {
      const real = env.ids.get(canonical);
      if (!real) return { skip: `the run learnt no id for ${canonical} (${param})` };
      path[param] = real;
    }
    return { path, ids: Object.values(path), end: async () => undefined };
  }
  const creator = plan.creator!;
  const example = env.plan.cases.find((k) => k.id === creator.caseId);
  if (!example) return { skip: `${creator.caseId} is not in this run's plan` };
  const so = env.op(creator.operationId);
  const inputs = inputsOf(env, example);
  const sendCreate = async (body: unknown) =>
    env.exchange(so, { ...inputs, body, header: freshIdempotencyKey(so, inputs.header) }, presentedBy(await worker(env, so)));
  let made = await sendCreate(inputs.body);
  // The example's resource still holds its unique values (a name, a phone number): vary them once.
  if (made.response?.status === 409 && inputs.body !== undefined)
    made = await sendCreate(varied(env.spec, env.validator, bodySchemaOf(so), inputs.body, uniqueToken()));
  const body = made.response?.json as Json | undefined;
  if (!made.response || made.response.status >= 300 || typeof body?.id !== 'string') {
    return {
      skip: `could not make a resource of its own with ${creator.caseId}: ${answerOf(made)}`,
    };
  }
  const end = () => endCreated(env, so, made);
  try {
    for (const read of readsOf(so, made.response.status, body, [...env.plan.ops.values()])) {
      await env.exchange(read.op, { path: read.path }, presentedBy(await worker(env, read.op)));
    }
  } catch (err) {
    await end();
    throw err;
  }
  const path = Object.fromEntries(Object.entries(creator.params).map(([param, expression]) => [param, linkValue(expression, body)]));
  return { path, ids: [body.id], end };
}

let variations = 0;
const uniqueToken = () => `${Date.now().toString(36).slice(-4)}${(variations++).toString().padStart(4, '0')}`;

const bodySchemaOf = (so: SpecOperation) =>
  Object.entries<Json>(so.op.requestBody?.content ?? {}).find(([t]) => /json/.test(t))?.[1]?.schema;

/** An answer in a few words: `409 CONFLICT`, or what went wrong on the wire. */
function answerOf(e: Exchange): string {
  const code = (e.response?.json as Json | undefined)?.code;
  return e.response ? `${e.response.status}${typeof code === 'string' ? ` ${code}` : ''}` : (e.error?.message ?? 'no answer');
}

/** The documented idempotency key would replay the example's own resource: a fresh one instead. */
function freshIdempotencyKey(so: SpecOperation, header: Json): Json {
  const out = { ...header };
  for (const p of so.op.parameters ?? [])
    if (p.in === 'header' && isIdempotencyKey(String(p.name)) && out[p.name] !== undefined) out[p.name] = randomUUID();
  return out;
}
