// What the idempotency probes share (ARCHITECTURE.md §5): which operations and requests they repeat,
// a fresh key in the header the operation names, the success they expect first, a changed payload,
// and ending what they created so it never counts against later probes.
import { randomUUID } from 'node:crypto';
import { IDEMPOTENCY_HEADER } from '../../../openapi/tools/contract-model.js';
import type { ExamplePair as Pair, ResponseExample } from '../../../openapi/tools/example-pairs.js';
import { resolveRef } from '../../../openapi/tools/spec.js';
import { describePolicy } from '../contract.js';
import type { RunEnv } from '../run-env.js';
import type { Exchange, Expectation, Json, PlannedCase } from '../types.js';
import type { PlanContext, ProbeDefinition } from './define.js';
import { documentedCase, type OperationFacts, operationFacts } from './facts.js';
import type { inputsOf } from './support.js';

export interface IdempotentTarget {
  f: OperationFacts;
  /** The documented success the probes repeat. */
  success: Pair;
  /** Set when a per-source-IP budget the whole run shares stands in the way. */
  sampledOut?: string;
  /** The example case this one must follow (it acts on the resource that example made). */
  chainAfter?: string;
}

/** Every idempotent operation with a documented success to repeat. */
export function idempotentTargets(ctx: PlanContext): IdempotentTarget[] {
  return ctx.derive(operationFacts).flatMap((f) => {
    const { success } = f;
    if (!f.contract.idempotent || !success) return [];
    const sampledOut = f.perSourceIp
      ? `sampled out: ${f.so.operationId} is also limited per source IP (${describePolicy(f.perSourceIp)}), a budget the whole run shares; the other idempotent operations prove the contract`
      : undefined;
    const successCase = ctx.examples.find((c) => c.operationId === f.so.operationId && c.example === success.name);
    const chainAfter = successCase?.resource && !successCase.produces.length ? successCase.id : undefined;
    return [{ f, success, ...(sampledOut ? { sampledOut } : {}), ...(chainAfter ? { chainAfter } : {}) }];
  });
}

/**
 * One case per idempotent operation: its documented success sent under a fresh key, expecting
 * `expected` (the success itself, or the probe's documented refusal).
 */
export function idempotentCases(
  def: Pick<ProbeDefinition<unknown>, 'id' | 'kind' | 'phase' | 'verdicts' | 'keys' | 'counts'>,
  ctx: PlanContext,
  expected: (t: IdempotentTarget) => ResponseExample | undefined,
) {
  return ctx.derive(idempotentTargets).flatMap((t) =>
    documentedCase(def, ctx, t.f, expected(t), {
      pair: t.success,
      ...(t.sampledOut ? { skip: t.sampledOut } : {}),
      ...(t.chainAfter ? { after: [t.chainAfter] } : {}),
    }),
  );
}

/** A fresh idempotency key, in the header the operation names (the model's default otherwise). */
export const newIdempotencyKey = (env: RunEnv, c: PlannedCase): Record<string, string> => ({
  [env.contract(env.op(c.operationId)).idempotencyHeader ?? IDEMPOTENCY_HEADER]: randomUUID(),
});

/** Ends what a probe created as a side effect, so it never counts against later probes. */
export async function endCreated(env: RunEnv, ...exchanges: Exchange[]): Promise<void> {
  for (const e of exchanges) if (e.created) await env.cleanup.end(e.created);
}

/** What the first request of a pair expects: the documented success it repeats. */
export function successExpectation(env: RunEnv, c: PlannedCase): Expectation {
  const example = env.plan.cases.find(
    (k) => k.kind === 'example' && k.operationId === c.operationId && /^2/.test(k.expected.status) && k.request.name === c.request.name,
  );
  return example?.expected ?? c.expected;
}

/** The same request with a different payload: a free-text field changed, or another path. */
export function changed(env: RunEnv, c: PlannedCase, inputs: ReturnType<typeof inputsOf>) {
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
