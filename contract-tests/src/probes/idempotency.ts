// ARCHITECTURE.md §5 probes: a replay returns the stored answer marked Idempotent-Replayed; the same key
// with another payload is a 422; parallel duplicates execute once; keys are per account.
import { randomUUID } from 'node:crypto';
import { IDEMPOTENCY_HEADER } from '../../../openapi/tools/contract-model.js';
import { resolveRef } from '../../../openapi/tools/spec.js';
import { otherAccountKey } from '../client.js';
import { presentedBy } from '../keys.js';
import type { RunEnv } from '../run-env.js';
import type { Exchange, Json, PlannedCase } from '../types.js';
import { inputsOf, RESPONSE_ONLY, worker } from './support.js';
import type { Probe } from './types.js';

/** A fresh idempotency key, in the header the operation names (the model's default otherwise). */
const newIdempotencyKey = (env: RunEnv, c: PlannedCase): Json => ({
  [env.contract(env.op(c.operationId)).idempotencyHeader ?? IDEMPOTENCY_HEADER]: randomUUID(),
});

/** Ends what a probe created as a side effect, so it never counts against later probes. */
async function endCreated(env: RunEnv, ...exchanges: Exchange[]) {
  for (const e of exchanges) if (e.created) await env.cleanup.end(e.created);
}

function successExpectation(env: RunEnv, c: PlannedCase) {
  const example = env.plan.cases.find(
    (k) => k.kind === 'example' && k.operationId === c.operationId && /^2/.test(k.expected.status) && k.request.name === c.request.name,
  );
  return example?.expected;
}

/** The same request with a different payload: a free-text field changed, or another path. */
function changed(env: RunEnv, c: PlannedCase, inputs: ReturnType<typeof inputsOf>) {
  const so = env.op(c.operationId);
  const schema = resolveRef(env.spec, Object.values<Json>(so.op.requestBody?.content ?? {})[0]?.schema ?? {});
  const body = inputs.body as Json | undefined;
  if (body && typeof body === 'object') {
    const free = Object.entries<Json>(schema.properties ?? {}).find(([k, s]) => {
      const r = resolveRef(env.spec, s);
      return typeof body[k] === 'string' && r.type === 'string' && !r.enum && !r.pattern && !r.format;
    });
    if (free)
      return {
        ...inputs,
        body: { ...body, [free[0]]: `${body[free[0]]} (changed)`.slice(0, Math.max(1, resolveRef(env.spec, free[1]).maxLength ?? 200)) },
      };
    if (body.metadata && typeof body.metadata === 'object')
      return { ...inputs, body: { ...body, metadata: { ...body.metadata, contract_probe: 'changed' } } };
  }
  const param = Object.keys(inputs.path)[0];
  if (param)
    return { ...inputs, path: { ...inputs.path, [param]: String(inputs.path[param]).replace(/_[A-Za-z0-9]+$/, `_${'0'.repeat(22)}`) } };
  return undefined;
}

export const idempotentReplay: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const key = await worker(env, so);
  const headers = newIdempotencyKey(env, c);
  const first = await env.exchange(so, inputs, presentedBy(key), { headers });
  const replay = await env.exchange(so, inputs, presentedBy(await worker(env, so)), { headers });
  await endCreated(env, first, replay);
  return [
    { label: 'first', exchange: first, sent: inputs, checks: RESPONSE_ONLY, expected: successExpectation(env, c) ?? c.expected },
    { label: 'replay', exchange: replay, sent: inputs, related: { first } },
  ];
};

export const idempotencyKeyReused: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const other = changed(env, c, inputs);
  if (!other) return { skip: `${c.operationId} has no payload or path to change` };
  const headers = newIdempotencyKey(env, c);
  const first = await env.exchange(so, inputs, presentedBy(await worker(env, so)), { headers });
  const reused = await env.exchange(so, other, presentedBy(await worker(env, so)), { headers });
  await endCreated(env, first, reused);
  return [
    { label: 'first', exchange: first, sent: inputs, checks: RESPONSE_ONLY, expected: successExpectation(env, c) ?? c.expected },
    { label: 'reused', exchange: reused, sent: other },
  ];
};

export const idempotencyInProgress: Probe = async (env, c) => {
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const headers = newIdempotencyKey(env, c);
  const keys = await Promise.all(Array.from({ length: 6 }, () => worker(env, so)));
  const duplicates = await Promise.all(keys.map((k) => env.exchange(so, inputs, presentedBy(k), { headers })));
  await endCreated(env, ...duplicates);
  const conflict = duplicates.find((e) => e.response?.status === 409);
  const executed =
    duplicates.find((e) => e.response && e.response.status < 300 && e.response.headers['idempotent-replayed'] !== 'true') ?? duplicates[0];
  return [
    conflict
      ? { label: 'in flight', exchange: conflict, sent: inputs, checks: RESPONSE_ONLY }
      : {
          label: 'in flight',
          checks: RESPONSE_ONLY,
          skip: `no duplicate arrived while the first was in flight (${duplicates.length} sent at once were answered in turn)`,
        },
    { label: 'duplicates', exchange: executed, sent: inputs, checks: ['idempotency-in-progress'], related: { duplicates } },
  ];
};

export const idempotencyIsolation: Probe = async (env, c) => {
  const other = env.settings.otherKey;
  if (!other) return { skip: 'needs --other-key (a key of a second account)' };
  const so = env.op(c.operationId);
  const inputs = inputsOf(env, c);
  const headers = newIdempotencyKey(env, c);
  const ours = await env.exchange(so, inputs, presentedBy(await worker(env, so)), { headers });
  const theirs = await env.exchange(so, inputs, otherAccountKey(other), { headers });
  await endCreated(env, ours, theirs);
  return [
    { label: 'this account', exchange: ours, sent: inputs, checks: RESPONSE_ONLY, expected: successExpectation(env, c) ?? c.expected },
    { label: 'other account', exchange: theirs, sent: inputs, related: { ours } },
  ];
};
