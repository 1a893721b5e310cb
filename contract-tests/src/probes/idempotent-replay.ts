// ARCHITECTURE.md §5: a retry with the same Idempotency-Key and payload gets the stored answer back,
// marked Idempotent-Replayed, and changes nothing twice.
import { idempotentReplay as replayVerdict } from '../checks/idempotent-replay.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe } from './define.js';
import { endCreated, idempotentCases, newIdempotencyKey, successExpectation } from './idempotency-support.js';
import { inputsOf, RESPONSE_ONLY, worker } from './support.js';

const definition = {
  id: 'idempotent-replay',
  title: 'Replay under the same key',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [replayVerdict],
  keys: ['worker'],
  counts: { workerRequests: 6, perSourceIp: true },
} as const;

export const idempotentReplay = defineProbe({
  ...definition,
  plan: (ctx) => idempotentCases(definition, ctx, (t) => t.success.response),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const headers = newIdempotencyKey(env, c);
    const first = await env.exchange(so, inputs, presentedBy(await worker(env, so)), { headers });
    const replay = await env.exchange(so, inputs, presentedBy(await worker(env, so)), { headers });
    await endCreated(env, first, replay);
    return [
      { label: 'first', exchange: first, sent: inputs, checks: RESPONSE_ONLY, expected: successExpectation(env, c) },
      { label: 'replay', exchange: replay, sent: inputs, evidence: { kind: 'idempotent-first', first } },
    ];
  },
});
