// ARCHITECTURE.md §5: duplicates sent while the first is still executing run once: each other one is
// the documented 409 IDEMPOTENCY_IN_PROGRESS or a replay of the one that ran.
import { idempotencyInProgress as inProgressVerdict } from '../checks/idempotency-in-progress.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe } from './define.js';
import { endCreated, idempotentCases, newIdempotencyKey } from './idempotency-support.js';
import { inputsOf, RESPONSE_ONLY, worker } from './support.js';

const definition = {
  id: 'idempotency-in-progress',
  title: 'Parallel duplicates',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [inProgressVerdict],
  keys: ['worker'],
  counts: { workerRequests: 6, perSourceIp: true },
} as const;

/** Duplicates sent at once. */
const DUPLICATES = 6;

export const idempotencyInProgress = defineProbe({
  ...definition,
  plan: (ctx) => idempotentCases(definition, ctx, (t) => t.f.probeExample.get('idempotency-in-progress')),
  run: async (env, c) => {
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const headers = newIdempotencyKey(env, c);
    const keys = await Promise.all(Array.from({ length: DUPLICATES }, () => worker(env, so)));
    const duplicates = await Promise.all(keys.map((k) => env.exchange(so, inputs, presentedBy(k), { headers })));
    await endCreated(env, ...duplicates);
    const conflict = duplicates.find((e) => e.response?.status === 409);
    const executed =
      duplicates.find((e) => e.response && e.response.status < 300 && e.response.headers['idempotent-replayed'] !== 'true') ??
      duplicates[0];
    return [
      conflict
        ? { label: 'in flight', exchange: conflict, sent: inputs, checks: RESPONSE_ONLY }
        : {
            label: 'in flight',
            checks: RESPONSE_ONLY,
            skip: `no duplicate arrived while the first was in flight (${duplicates.length} sent at once were answered in turn)`,
          },
      {
        label: 'duplicates',
        exchange: executed,
        sent: inputs,
        checks: [inProgressVerdict.id],
        evidence: { kind: 'idempotent-duplicates', duplicates },
      },
    ];
  },
});
