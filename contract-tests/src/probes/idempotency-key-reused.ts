// ARCHITECTURE.md §5: the same Idempotency-Key with another payload is refused with 422, never
// answered with the stored response of a different request.
import { idempotencyKeyReuseRefused } from '../checks/request-verdicts.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe } from './define.js';
import { changed, endCreated, idempotentCases, newIdempotencyKey, successExpectation } from './idempotency-support.js';
import { inputsOf, RESPONSE_ONLY, worker } from './support.js';

const definition = {
  id: 'idempotency-key-reused',
  title: 'Same key, another payload',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [idempotencyKeyReuseRefused],
  keys: ['worker'],
  counts: { workerRequests: 6, perSourceIp: true },
} as const;

export const idempotencyKeyReused = defineProbe({
  ...definition,
  plan: (ctx) => idempotentCases(definition, ctx, (t) => t.f.probeExample.get('idempotency-key-reused')),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const other = changed(env, c, inputs);
    if (!other) return { skip: `${c.operationId} has no payload or path to change` };
    const headers = newIdempotencyKey(env, c);
    const first = await env.exchange(so, inputs, presentedBy(await worker(env, so)), { headers });
    const reused = await env.exchange(so, other, presentedBy(await worker(env, so)), { headers });
    await endCreated(env, first, reused);
    return [
      { label: 'first', exchange: first, sent: inputs, checks: RESPONSE_ONLY, expected: successExpectation(env, c) },
      { label: 'reused', exchange: reused, sent: other },
    ];
  },
});
