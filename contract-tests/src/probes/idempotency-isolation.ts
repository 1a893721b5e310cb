// ARCHITECTURE.md §5: Idempotency-Keys are per account: the other account's identical key and payload
// execute afresh and never see this account's stored answer. Shown once, on the first idempotent
// operation whose request needs nothing created first.
import { idempotencyAccountIsolation } from '../checks/idempotency-account-isolation.js';
import { otherAccountKey } from '../client.js';
import { presentedBy } from '../keys.js';
import { PHASE } from '../plan/phases.js';
import { defineProbe, NEEDS_OTHER_KEY } from './define.js';
import { documentedCase, selfContained } from './facts.js';
import { endCreated, idempotentTargets, newIdempotencyKey, successExpectation } from './idempotency-support.js';
import { inputsOf, RESPONSE_ONLY, worker } from './support.js';

const definition = {
  id: 'idempotency-isolation',
  title: 'Idempotency keys per account',
  kind: 'probe',
  phase: PHASE.main,
  verdicts: [idempotencyAccountIsolation],
  keys: ['worker', 'other-account'],
  counts: { workerRequests: 6, perSourceIp: true },
} as const;

export const idempotencyIsolation = defineProbe({
  ...definition,
  plan: (ctx) => {
    const t = ctx.derive(idempotentTargets).find((t) => selfContained(ctx, t.success) && !t.sampledOut);
    return t
      ? documentedCase(definition, ctx, t.f, t.success.response, { pair: t.success, ...(t.chainAfter ? { after: [t.chainAfter] } : {}) })
      : [];
  },
  run: async (env, c) => {
    const other = env.settings.otherKey;
    if (!other) return { skip: NEEDS_OTHER_KEY };
    const so = env.op(c.operationId);
    const inputs = inputsOf(env, c);
    const headers = newIdempotencyKey(env, c);
    const ours = await env.exchange(so, inputs, presentedBy(await worker(env, so)), { headers });
    const theirs = await env.exchange(so, inputs, otherAccountKey(other), { headers });
    await endCreated(env, ours, theirs);
    return [
      { label: 'this account', exchange: ours, sent: inputs, checks: RESPONSE_ONLY, expected: successExpectation(env, c) },
      { label: 'other account', exchange: theirs, sent: inputs, evidence: { kind: 'idempotent-other-account', ours } },
    ];
  },
});
